package dev.parley.client;

import dev.parley.client.group.GroupReceipt;
import dev.parley.client.group.MembershipChange;
import java.util.List;

/**
 * Receives what happens to a {@link ParleyClient}. Every method has an empty default, so an
 * application overrides only what it shows, and new kinds of events arrive as new default methods
 * without breaking existing listeners.
 *
 * <p>Callbacks run on one dedicated thread per client, in the order the events happened; they must
 * not block for long. Waiting on a client future inside a callback is fine (futures complete on
 * another thread).
 */
public interface ParleyListener {

  /**
   * A message reached this device: from the peer, or from another device of this user. Each message
   * is reported once, in {@code seq} order per conversation, even when the server sends it again
   * after a reconnect. Messages sent from this device are reported through {@link #onStatusChange}
   * instead, and a group's membership changes through {@link #onMembershipChange}.
   */
  default void onMessage(Message message) {}

  /**
   * A group's members or title changed (someone created it, added, removed, left, was made or
   * dismissed as admin, or renamed it), this user's own changes included, from any of their
   * devices. Reported once each, in {@code seq} order with the group's messages: a change and the
   * messages around it reach {@link #onMessage} and this method in the order of the conversation.
   * The group's local state ({@link ParleyClient#group}, {@link ParleyClient#localMembers}) is
   * already updated when this is called.
   */
  default void onMembershipChange(MembershipChange change) {}

  /**
   * The group-wide positions of a group in which this user sent messages moved forward; their new
   * ticks arrive at {@link #onStatusChange}.
   */
  default void onGroupReceipt(GroupReceipt receipt) {}

  /** A message this user sent moved to a new {@link MessageStatus}. */
  default void onStatusChange(StatusChange change) {}

  /** A user's delivered/read positions moved forward (this user's own: unread counts changed). */
  default void onReceiptPositions(ReceiptPositions positions) {}

  /** The connection changed state. */
  default void onConnectionState(ConnectionState state) {}

  /**
   * The feed is caught up after a (re)connect. {@code reset} means the server did not know the
   * stored cursor (its store was rebuilt): reload conversations and history.
   */
  default void onSynced(boolean reset) {}

  /**
   * Users' presence changed: peers (users sharing a conversation with this one) are announced by
   * the server on their own, others after {@link ParleyClient#watchPresence}. Best effort,
   * coalesced by the server.
   */
  default void onPresence(List<Presence> users) {}

  /** A peer started or stopped typing. */
  default void onTyping(TypingIndicator typing) {}

  /**
   * The client stopped connecting for good; after {@link StopReason#UNAUTHORIZED} or {@link
   * StopReason#DEVICE_REVOKED} the user must log in again.
   */
  default void onStopped(StopReason reason) {}
}
