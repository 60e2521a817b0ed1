package dev.parley.protocol;

/**
 * One row of the conversation list: the last message, this user's unread count and positions, and
 * the peer's positions (for the ticks on the last message).
 */
public record ConversationSummary(
    String conv,
    Peer peer,
    FeedEvent.Message last,
    long unread,
    long read,
    long delivered,
    long peerRead,
    long peerDelivered,
    long updatedAt) {}
