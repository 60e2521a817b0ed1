package dev.parley.core.feed;

import dev.parley.core.event.ConversationEvent;

/** A feed event at its position. */
public record FeedEntry(long pos, ConversationEvent event) {}
