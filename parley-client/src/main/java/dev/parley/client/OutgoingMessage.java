package dev.parley.client;

/**
 * A message written to the local outbox by {@link ParleyClient#send}.
 *
 * @param id its idempotency key (a fresh UUID); status changes and the server's reply carry it
 * @param conv the conversation
 * @param body the text
 * @param createdAt when it was composed, milliseconds since the epoch
 */
public record OutgoingMessage(String id, String conv, String body, long createdAt) {}
