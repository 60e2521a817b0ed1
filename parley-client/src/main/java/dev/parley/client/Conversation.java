package dev.parley.client;

/**
 * One row of the conversation list: the last message, this user's unread count and positions, and
 * the other side's positions (for the ticks on the last message). A 1:1 row has {@code peer}; a
 * group row has {@code group} instead, and its {@code peerRead}/{@code peerDelivered} are what
 * every current member has read and received.
 *
 * @param conv the conversation
 * @param peer the other participant of a 1:1 conversation, null for a group
 * @param last the newest message, null if there is none
 * @param unread messages of others after this user's read position
 * @param read this user's read position
 * @param delivered this user's delivered position
 * @param peerRead the peer's read position (group: every current member's)
 * @param peerDelivered the peer's delivered position (group: every current member's)
 * @param updatedAt when the conversation last changed, ms since the epoch
 * @param group the group's title and size, null for a 1:1 conversation
 */
public record Conversation(
    String conv,
    UserRef peer,
    Message last,
    long unread,
    long read,
    long delivered,
    long peerRead,
    long peerDelivered,
    long updatedAt,
    GroupSummary group) {

  /** Whether this row is a group's. */
  public boolean isGroup() {
    return group != null;
  }

  /**
   * A group's title and number of current members; {@code member} false for a group this user has
   * left or was removed from (its history up to then stays readable).
   */
  public record GroupSummary(String title, int size, boolean member) {}
}
