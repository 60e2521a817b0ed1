package dev.parley.core.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A conversation's identity and, for a 1:1 conversation, its membership. A 1:1 ("direct")
 * conversation is {@code d.<a>.<b>} with the two user ids sorted, so both sides derive the same id
 * without a creation step or race. A group is {@code g.<26 base32 characters>}, derived from its
 * creator and the creator's idempotency key (so a retried creation names the same group); its
 * members live in storage ({@code members} is empty here).
 */
public record ConversationId(String value, List<String> members) {
  private static final String DIRECT = "d.";
  private static final String GROUP = "g.";
  private static final int GROUP_ID_CHARS = 26;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

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

  /**
   * The group that {@code creator} creates with idempotency key {@code key}: the same pair always
   * names the same group, different pairs practically never collide (130 bits of SHA-256).
   */
  public static ConversationId group(String creator, UUID key) {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest((creator + "/" + key).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
    StringBuilder id = new StringBuilder(GROUP.length() + GROUP_ID_CHARS).append(GROUP);
    for (int i = 0; i < GROUP_ID_CHARS; i++) {
      int bit = i * 5;
      int word = ((digest[bit / 8] & 0xFF) << 8) | (digest[bit / 8 + 1] & 0xFF);
      id.append(BASE32[(word >>> (11 - bit % 8)) & 31]);
    }
    return new ConversationId(id.toString(), List.of());
  }

  /** Parses a conversation id from the wire; empty if it is not one this server can read. */
  public static Optional<ConversationId> parse(String value) {
    if (value != null && value.startsWith(GROUP)) {
      return isGroupId(value)
          ? Optional.of(new ConversationId(value, List.of()))
          : Optional.empty();
    }
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

  /** A group: its members are in storage, not in the id. */
  public boolean isGroup() {
    return value.startsWith(GROUP);
  }

  /**
   * Whether {@code userId} is one of a direct conversation's two members (always false for a
   * group).
   */
  public boolean hasMember(String userId) {
    return members.contains(userId);
  }

  /** The other member of a direct conversation. */
  public String peerOf(String userId) {
    return members.get(0).equals(userId) ? members.get(1) : members.get(0);
  }

  private static boolean isGroupId(String value) {
    if (value.length() != GROUP.length() + GROUP_ID_CHARS) {
      return false;
    }
    for (int i = GROUP.length(); i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
        return false;
      }
    }
    return true;
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
