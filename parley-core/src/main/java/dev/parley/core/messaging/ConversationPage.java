package dev.parley.core.messaging;

import java.util.List;

/** A page of the caller's conversation list; {@code next} is the token for the following page. */
public record ConversationPage(List<ConversationOverview> items, String next) {
  public ConversationPage {
    items = List.copyOf(items);
  }
}
