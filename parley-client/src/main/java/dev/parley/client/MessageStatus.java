package dev.parley.client;

/**
 * Where a message this user sent stands. It only moves forward: {@code PENDING → SENT → DELIVERED →
 * READ}, or {@code PENDING → FAILED} when the server refused it for good.
 */
public enum MessageStatus {
  /** Stored in the local outbox; not yet confirmed durable by the server. */
  PENDING,
  /** The server stored it (the {@code sent} reply, or the message seen in the feed). */
  SENT,
  /**
   * A device of the peer has it (the peer's {@code delivered} position reached its {@code seq}).
   */
  DELIVERED,
  /** The peer read it (the peer's {@code read} position reached its {@code seq}). */
  READ,
  /**
   * The server refused it permanently ({@code body_too_long}, {@code forbidden}, …); it is not
   * retried.
   */
  FAILED
}
