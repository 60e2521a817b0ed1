package dev.parley.core.group;

import dev.parley.core.conversation.ConversationId;

/**
 * Where a membership change landed in group {@code conv}'s sequence; {@code duplicate} for a
 * retried creation of a group that exists.
 */
public record GroupChanged(ConversationId conv, long seq, long ts, boolean duplicate) {}
