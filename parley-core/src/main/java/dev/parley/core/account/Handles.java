package dev.parley.core.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for handles (passwords: {@link PasswordRules}). */
final class Handles {
  private static final Pattern HANDLE = Pattern.compile("^[a-z][a-z0-9_.]{2,31}$");

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
}
