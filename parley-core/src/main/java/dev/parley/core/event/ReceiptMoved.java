package dev.parley.core.event;

/** {@code user}'s delivered and read positions in {@code conv} are now these. */
public record ReceiptMoved(String conv, String user, long delivered, long read)
    implements ConversationEvent {}
