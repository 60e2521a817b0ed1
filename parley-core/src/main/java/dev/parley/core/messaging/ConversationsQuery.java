package dev.parley.core.messaging;

/**
 * Asks for up to {@code limit} of the caller's conversations, most recently active first, after the
 * page token {@code before} (null: from the top); a null {@code limit} means {@value
 * #DEFAULT_LIMIT}.
 */
public record ConversationsQuery(String before, Integer limit) {
  public static final int DEFAULT_LIMIT = 50;

  int limitOrDefault() {
    return limit == null ? DEFAULT_LIMIT : limit;
  }
}
