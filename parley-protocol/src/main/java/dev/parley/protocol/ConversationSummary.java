package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the conversation list: the last message, this user's unread count and positions, and
 * the other side's positions (for the ticks on the last message). A 1:1 row has {@code peer}; a
 * group row has {@code group} instead, and its {@code peerRead}/{@code peerDelivered} are what
 * every current member has read and received.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationSummary(
    String conv,
    Peer peer,
    FeedEvent.Message last,
    long unread,
    long read,
    long delivered,
    long peerRead,
    long peerDelivered,
    long updatedAt,
    Group group) {

  public ConversationSummary(
      String conv,
      Peer peer,
      FeedEvent.Message last,
      long unread,
      long read,
      long delivered,
      long peerRead,
      long peerDelivered,
      long updatedAt) {
    this(conv, peer, last, unread, read, delivered, peerRead, peerDelivered, updatedAt, null);
  }

  /**
   * A group's title and number of current members; {@code member} false for a group the user has
   * left or was removed from (its history up to then stays readable).
   */
  public record Group(String title, int size, boolean member) {}
}
