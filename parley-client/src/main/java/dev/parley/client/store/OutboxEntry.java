package dev.parley.client.store;

/**
 * One row of the outbox: a message composed on this device.
 *
 * @param order its position in composition order (SQLite rowid, strictly increasing)
 * @param id the idempotency key (UUID) the server dedupes on, with {@code conv}
 * @param conv the conversation
 * @param body the text
 * @param createdAt when it was composed, ms since the epoch
 * @param after the highest seq of {@code conv} this device had when it was composed, sent with
 *     every attempt (docs/protocol.md, Sending); null for a row composed by an older SDK
 */
public record OutboxEntry(
    long order, String id, String conv, String body, long createdAt, Long after) {}
