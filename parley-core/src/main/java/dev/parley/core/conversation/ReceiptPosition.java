package dev.parley.core.conversation;

/**
 * A member's delivered and read positions in a conversation; both only move forward, read implies
 * delivered.
 */
public record ReceiptPosition(long delivered, long read) {
  public static final ReceiptPosition NONE = new ReceiptPosition(0, 0);

  public ReceiptPosition advance(long newDelivered, long newRead) {
    long r = Math.max(read, newRead);
    long d = Math.max(Math.max(delivered, newDelivered), r);
    return d == delivered && r == read ? this : new ReceiptPosition(d, r);
  }
}
