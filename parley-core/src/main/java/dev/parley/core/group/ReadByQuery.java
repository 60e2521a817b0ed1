package dev.parley.core.group;

/**
 * Asks which current members of group {@code conv} have read ({@link Kind#READ}) or received
 * ({@link Kind#DELIVERED}) the caller's own message {@code seq}: up to {@code limit} of them by
 * user id after {@code after}; a null {@code limit} means {@value GroupService#MEMBER_PAGE}.
 */
public record ReadByQuery(String conv, long seq, Kind kind, String after, Integer limit) {
  /** Which of a member's receipt positions the question is about. */
  public enum Kind {
    READ,
    DELIVERED
  }
}
