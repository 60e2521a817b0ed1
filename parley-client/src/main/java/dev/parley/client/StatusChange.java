package dev.parley.client;

/**
 * A message this user sent changed status.
 *
 * @param id the message's idempotency key, as returned by {@link ParleyClient#send}
 * @param conv its conversation
 * @param seq its sequence number once the server stored it, 0 while pending or failed
 * @param status the new status
 * @param errorCode the server's error code when {@code status} is {@link MessageStatus#FAILED},
 *     else null
 */
public record StatusChange(
    String id, String conv, long seq, MessageStatus status, String errorCode) {}
