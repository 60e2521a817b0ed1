package dev.parley.cluster.cassandra;

import java.util.UUID;

/** The idempotency key of a stored message, as its row in {@code messages} gives it. */
public record MessageKey(String sender, UUID id, StoredKey key) {}
