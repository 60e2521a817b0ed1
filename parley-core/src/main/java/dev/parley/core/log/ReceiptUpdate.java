package dev.parley.core.log;

import dev.parley.core.conversation.ConversationId;

/** {@code user}'s device reports delivered and/or read positions (0 = no report for that kind). */
public record ReceiptUpdate(
    ConversationId conv, String user, String device, long delivered, long read) {}
