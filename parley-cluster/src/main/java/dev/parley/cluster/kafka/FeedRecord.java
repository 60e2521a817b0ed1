package dev.parley.cluster.kafka;

import dev.parley.protocol.FeedEvent;

/**
 * One event for one user's feed, on the feed topic keyed by user; {@code origin} is the device that
 * caused it.
 */
record FeedRecord(FeedEvent event, String origin) {}
