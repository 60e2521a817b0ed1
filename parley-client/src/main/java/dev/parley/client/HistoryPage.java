package dev.parley.client;

import java.util.List;

/**
 * One page of a conversation's messages, oldest first.
 *
 * @param conv the conversation
 * @param messages the page, oldest first
 * @param next the token for the page before this one ({@link ParleyClient#history}'s {@code
 *     before}), or null at the first message
 */
public record HistoryPage(String conv, List<Message> messages, String next) {
  public HistoryPage {
    messages = List.copyOf(messages);
  }
}
