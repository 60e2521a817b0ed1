package dev.parley.cluster.cassandra;

import dev.parley.core.conversation.ConversationState;

/**
 * A conversation's state as the sequencer last wrote it, and the log offset of the command that
 * produced it: every command at or below {@code appliedOffset} has its messages and idempotency
 * keys readable.
 */
public record StoredConversation(ConversationState state, long appliedOffset) {}
