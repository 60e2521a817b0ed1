package dev.parley.cluster.cassandra;

/**
 * What an idempotency key was given: the message's sequence and time, and its command's log offset.
 */
public record StoredKey(long seq, long ts, long offset) {}
