package dev.parley.core.messaging;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import java.util.List;

/**
 * A page of a conversation's messages, oldest first; {@code next} is the token for the page before
 * it, null at the start of what the caller may read.
 */
public record HistoryPage(ConversationId conv, List<StoredMessage> messages, String next) {
  public HistoryPage {
    messages = List.copyOf(messages);
  }
}
