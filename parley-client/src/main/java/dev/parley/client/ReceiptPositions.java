package dev.parley.client;

/**
 * A user's delivered and read positions in a conversation moved forward.
 *
 * @param conv the conversation
 * @param userId whose positions these are
 * @param delivered the highest {@code seq} that user's devices have received
 * @param read the highest {@code seq} that user has read
 * @param self true when {@code userId} is this client's own user (another device, or this one, read
 *     something: unread counts change)
 */
public record ReceiptPositions(
    String conv, String userId, long delivered, long read, boolean self) {}
