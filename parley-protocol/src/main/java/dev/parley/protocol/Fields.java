package dev.parley.protocol;

import java.util.List;

/**
 * Field checks for frame records; each failure names the field, which the codec reports to the
 * client.
 */
final class Fields {
  static final int MAX_REF = 64;

  private Fields() {}

  static void require(String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
  }

  static void ref(String ref) {
    if (ref != null && ref.length() > MAX_REF) {
      throw new IllegalArgumentException("'ref' is longer than " + MAX_REF + " characters");
    }
  }

  static void uuid(String value, String field) {
    require(value, field);
    if (!isUuid(value)) {
      throw new IllegalArgumentException(
          "'" + field + "' must be a UUID like 6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d");
    }
  }

  /** 8-4-4-4-12 hex digits; checked by hand because it runs for every message. */
  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  static void positive(long value, String field) {
    if (value < 1) {
      throw new IllegalArgumentException("'" + field + "' must be a positive integer");
    }
  }

  static void nonNegative(Long value, String field) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException("'" + field + "' must be 0 or more");
    }
  }

  static void range(Integer value, int min, int max, String field) {
    if (value != null && (value < min || value > max)) {
      throw new IllegalArgumentException("'" + field + "' must be between " + min + " and " + max);
    }
  }

  /** A list of 0 (if allowed) to {@link ClientFrame#MAX_HANDLES} non-null strings. */
  static List<String> handles(List<String> values, String field, boolean mayBeEmpty) {
    if (values == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    if (values.isEmpty() && !mayBeEmpty) {
      throw new IllegalArgumentException("'" + field + "' is empty");
    }
    if (values.size() > ClientFrame.MAX_HANDLES) {
      throw new IllegalArgumentException(
          "'" + field + "' has more than " + ClientFrame.MAX_HANDLES + " entries");
    }
    for (String v : values) {
      if (v == null) {
        throw new IllegalArgumentException("'" + field + "' has a null entry");
      }
    }
    return List.copyOf(values);
  }

  /** Most characters of a user id the server accepts in a request (today's ids have 20). */
  static final int MAX_USER_ID = 64;

  /**
   * A list of 1 to {@code max} user ids, each 1 to {@value #MAX_USER_ID} characters of {@code a-z}
   * and {@code 0-9}: ids are opaque to clients, but never anything else, so a malformed one is a
   * client bug worth naming rather than an unknown user.
   */
  static List<String> userIds(List<String> values, String field, int max) {
    if (values == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' is empty");
    }
    if (values.size() > max) {
      throw new IllegalArgumentException("'" + field + "' has more than " + max + " entries");
    }
    for (String v : values) {
      if (!isUserId(v)) {
        throw new IllegalArgumentException(
            "'"
                + field
                + "' has an entry that is not a user id (1 to "
                + MAX_USER_ID
                + " characters of a-z and 0-9)");
      }
    }
    return List.copyOf(values);
  }

  private static boolean isUserId(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_USER_ID) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }
}
