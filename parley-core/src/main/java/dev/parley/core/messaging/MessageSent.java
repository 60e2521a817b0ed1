package dev.parley.core.messaging;

import dev.parley.core.conversation.ConversationId;

/**
 * Where a message landed in its conversation; {@code duplicate} when it was a retry of one already
 * stored (then {@code seq} and {@code ts} are the first try's).
 */
public record MessageSent(ConversationId conv, long seq, long ts, boolean duplicate) {}
