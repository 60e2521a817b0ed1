package dev.parley.client;

import java.util.List;

/**
 * One page of the conversation list, most recently active first.
 *
 * @param items the conversations
 * @param next the token for the next page ({@link ParleyClient#conversations}'s {@code before}), or
 *     null
 */
public record ConversationPage(List<Conversation> items, String next) {
  public ConversationPage {
    items = List.copyOf(items);
  }
}
