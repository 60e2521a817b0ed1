package dev.parley.core.feed;

import dev.parley.protocol.FeedEvent;

/** A feed event at its position. */
public record FeedEntry(long pos, FeedEvent event) {}
