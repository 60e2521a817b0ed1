package dev.parley.core.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for handles and passwords. */
final class Handles {
  private static final Pattern HANDLE = Pattern.compile("^[a-z][a-z0-9_.]{2,31}$");
  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 1024;

  private Handles() {}

  /** Lower-cases and checks a handle; throws {@code invalid_handle}. */
  static String normalize(String handle) {
    String h = handle == null ? "" : handle.trim().toLowerCase(Locale.ROOT);
    if (!HANDLE.matcher(h).matches()) {
      throw new AccountException(
          "invalid_handle",
          "a handle is 3-32 characters of a-z, 0-9, '_' and '.', starting with a letter");
    }
    return h;
  }

  static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      throw new AccountException(
          "invalid_password",
          "a password is " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
  }
}
