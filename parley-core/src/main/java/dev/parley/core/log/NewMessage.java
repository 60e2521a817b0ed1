package dev.parley.core.log;

import dev.parley.core.conversation.ConversationId;
import java.util.UUID;

/**
 * A message to append: {@code id} is the sender's idempotency key, {@code body} is opaque; {@code
 * after} (null: unknown) is a seq that a copy of this message stored before would be above, as the
 * client claims it. A log may use it to skip looking the key up; a wrong claim can only store the
 * claimant's own message twice.
 */
public record NewMessage(
    ConversationId conv, String sender, String senderDevice, UUID id, String body, Long after) {
  public NewMessage(ConversationId conv, String sender, String senderDevice, UUID id, String body) {
    this(conv, sender, senderDevice, id, body, null);
  }
}
