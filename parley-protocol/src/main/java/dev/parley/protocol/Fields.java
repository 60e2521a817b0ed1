package dev.parley.protocol;

import java.util.regex.Pattern;

/** Field checks for frame records; each failure names the field, which the codec reports to the client. */
final class Fields {
  private static final Pattern UUID =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
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
    if (!UUID.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + field + "' must be a UUID like 6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d");
    }
  }

  static void positive(long value, String field) {
    if (value < 1) {
      throw new IllegalArgumentException("'" + field + "' must be a positive integer");
    }
  }

  static void range(Integer value, int min, int max, String field) {
    if (value != null && (value < min || value > max)) {
      throw new IllegalArgumentException("'" + field + "' must be between " + min + " and " + max);
    }
  }
}
