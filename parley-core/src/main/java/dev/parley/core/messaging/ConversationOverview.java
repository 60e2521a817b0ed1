package dev.parley.core.messaging;

import dev.parley.core.account.UserRef;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;

/**
 * One row of a user's conversation list: the last message they may see, their unread count and
 * positions, and the other side's positions (for the ticks on the last message). A 1:1 row has a
 * {@code peer}; a group row has {@code group} instead, and its {@code peerRead}/{@code
 * peerDelivered} are what every current member has read and received.
 */
public record ConversationOverview(
    ConversationId conv,
    UserRef peer,
    StoredMessage last,
    long unread,
    long read,
    long delivered,
    long peerRead,
    long peerDelivered,
    long updatedAt,
    GroupOverview group) {

  /**
   * A group's title and number of current members; {@code member} false for a group the user has
   * left or was removed from (its history up to then stays readable).
   */
  public record GroupOverview(String title, int size, boolean member) {}
}
