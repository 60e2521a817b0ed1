package dev.parley.client;

import dev.parley.client.group.MembershipChange;

/**
 * A message of a conversation as this device knows it: sent by a peer, by another device of this
 * user, or by this device (once the server stored it).
 *
 * @param conv the conversation
 * @param seq its place in the conversation, from 1; unique per conversation
 * @param id its idempotency key, chosen by the sending device
 * @param from the sender's user id
 * @param device the sending device's id
 * @param ts when the server stored it, ms since the epoch
 * @param body the text; empty for a membership change
 * @param membershipChange for a group's membership change (a message with its own seq, reported
 *     through {@link ParleyListener#onMembershipChange}), what changed; null for a text message
 */
public record Message(
    String conv,
    long seq,
    String id,
    String from,
    String device,
    long ts,
    String body,
    MembershipChange membershipChange) {

  /** A text message. */
  public Message(
      String conv, long seq, String id, String from, String device, long ts, String body) {
    this(conv, seq, id, from, device, ts, body, null);
  }

  /** Whether this is a group's membership change rather than a text message. */
  public boolean isMembershipChange() {
    return membershipChange != null;
  }
}
