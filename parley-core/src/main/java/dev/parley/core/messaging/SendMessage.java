package dev.parley.core.messaging;

import java.util.UUID;

/**
 * Sends {@code body} to conversation {@code conv} (an id as the client named it, authorised by the
 * service); {@code id} is the client's idempotency key, so a retry is stored once.
 */
public record SendMessage(String conv, UUID id, String body) {}
