package dev.parley.core.messaging;

import java.util.UUID;

/**
 * Sends {@code body} to conversation {@code conv} (an id as the client named it, authorised by the
 * service); {@code id} is the client's idempotency key, so a retry is stored once. {@code after}
 * (null when the client did not say) is the highest seq of the conversation the client had when it
 * first sent this message: a seq the message, if stored before, is above.
 */
public record SendMessage(String conv, UUID id, String body, Long after) {
  public SendMessage(String conv, UUID id, String body) {
    this(conv, id, body, null);
  }
}
