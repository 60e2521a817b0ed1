package dev.parley.core.conversation;

import java.util.List;
import java.util.Optional;

/**
 * A conversation's identity and membership. A 1:1 ("direct") conversation is {@code d.<a>.<b>} with
 * the two user ids sorted, so both sides derive the same id without a creation step or race. Other
 * kinds (groups) will use other prefixes and keep their member list in storage; nothing here
 * assumes two members beyond the direct kind itself.
 */
public record ConversationId(String value, List<String> members) {
  private static final String DIRECT = "d.";

  public ConversationId {
    members = List.copyOf(members);
  }

  public static ConversationId direct(String userA, String userB) {
    if (userA.equals(userB)) {
      throw new IllegalArgumentException("a direct conversation needs two different users");
    }
    String lo = userA.compareTo(userB) < 0 ? userA : userB;
    String hi = lo.equals(userA) ? userB : userA;
    return new ConversationId(DIRECT + lo + "." + hi, List.of(lo, hi));
  }

  /** Parses a conversation id from the wire; empty if it is not one this server can read. */
  public static Optional<ConversationId> parse(String value) {
    if (value == null || !value.startsWith(DIRECT)) {
      return Optional.empty();
    }
    String[] parts = value.substring(DIRECT.length()).split("\\.", -1);
    if (parts.length != 2
        || !isUserId(parts[0])
        || !isUserId(parts[1])
        || parts[0].compareTo(parts[1]) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new ConversationId(value, List.of(parts[0], parts[1])));
  }

  public boolean hasMember(String userId) {
    return members.contains(userId);
  }

  /** The other member of a direct conversation. */
  public String peerOf(String userId) {
    return members.get(0).equals(userId) ? members.get(1) : members.get(0);
  }

  private static boolean isUserId(String s) {
    if (s.isEmpty() || s.length() > 32) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
