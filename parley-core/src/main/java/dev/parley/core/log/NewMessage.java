package dev.parley.core.log;

import dev.parley.core.conversation.ConversationId;
import java.util.UUID;

/** A message to append: {@code id} is the sender's idempotency key, {@code body} is opaque. */
public record NewMessage(
    ConversationId conv, String sender, String senderDevice, UUID id, String body) {}
