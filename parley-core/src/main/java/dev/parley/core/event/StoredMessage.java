package dev.parley.core.event;

import dev.parley.core.group.MembershipChange;

/**
 * A message at sequence {@code seq} of {@code conv}: {@code from} sent it from {@code device} with
 * idempotency key {@code id}, stored at {@code ts} (epoch millis). A group's membership change is a
 * message too, with {@code change} set and an empty body: it takes a seq like any message, so every
 * member's devices see the member list change at the same point. {@code change} is null for a
 * message a user wrote.
 */
public record StoredMessage(
    String conv,
    long seq,
    String id,
    String from,
    String device,
    long ts,
    String body,
    MembershipChange change)
    implements ConversationEvent {

  /** A message a user wrote. */
  public StoredMessage(
      String conv, long seq, String id, String from, String device, long ts, String body) {
    this(conv, seq, id, from, device, ts, body, null);
  }
}
