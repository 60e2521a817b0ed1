package dev.parley.core.messaging;

/**
 * Asks for up to {@code limit} messages of {@code conv} older than the page token {@code before}
 * (null: the newest); a null {@code limit} means {@value #DEFAULT_LIMIT}.
 */
public record HistoryQuery(String conv, String before, Integer limit) {
  public static final int DEFAULT_LIMIT = 50;

  int limitOrDefault() {
    return limit == null ? DEFAULT_LIMIT : limit;
  }
}
