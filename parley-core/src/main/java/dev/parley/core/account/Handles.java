package dev.parley.core.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for handles (passwords: {@link PasswordRules}). */
final class Handles {
  /**
   * The second character is never '.': a letter and a dot begin conversation ids ({@code d.},
   * {@code g.}), and clients that take "a handle or a conversation" must be able to tell them
   * apart.
   */
  private static final Pattern HANDLE = Pattern.compile("^[a-z][a-z0-9_][a-z0-9_.]{1,30}$");

  private Handles() {}

  /** Lower-cases and checks a handle; throws {@code invalid_handle}. */
  static String normalize(String handle) {
    String h = handle == null ? "" : handle.trim().toLowerCase(Locale.ROOT);
    if (!HANDLE.matcher(h).matches()) {
      throw new AccountException(
          "invalid_handle",
          "a handle is 3-32 characters of a-z, 0-9, '_' and '.', starting with a letter"
              + " not followed by '.'");
    }
    return h;
  }
}
