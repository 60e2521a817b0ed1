package dev.parley.client.store;

/**
 * One row of the outbox: a message composed on this device.
 *
 * @param order its position in composition order (SQLite rowid, strictly increasing)
 * @param id the idempotency key (UUID) the server dedupes on, with {@code conv}
 * @param conv the conversation
 * @param body the text
 * @param createdAt when it was composed, ms since the epoch
 */
public record OutboxEntry(long order, String id, String conv, String body, long createdAt) {}
