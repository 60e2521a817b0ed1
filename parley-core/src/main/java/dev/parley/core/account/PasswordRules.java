package dev.parley.core.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be: 8 to 1,024 characters counted in code points (so an emoji counts
 * once), not only whitespace, not the handle, and not one of the most common passwords (the
 * resource {@code common-passwords.txt}, a few thousand, compared case-insensitively). These are
 * NIST SP 800-63B's rules: length and a blocklist, no composition rules.
 */
final class PasswordRules {
  static final int MIN_CODE_POINTS = 8;
  static final int MAX_CODE_POINTS = 1024;
  private static final Set<String> COMMON = load("common-passwords.txt");

  private PasswordRules() {}

  /** Throws {@code invalid_password} with the rule that was broken. */
  static void check(String password, String handle) {
    if (password == null) {
      throw invalid("a password is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_CODE_POINTS || length > MAX_CODE_POINTS) {
      throw invalid(
          "a password is " + MIN_CODE_POINTS + " to " + MAX_CODE_POINTS + " characters long");
    }
    if (password
        .codePoints()
        .allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
      throw invalid("a password cannot be only spaces");
    }
    String folded = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(folded)) {
      throw invalid("this password is one of the most common ones; choose another");
    }
    if (handle != null && folded.equals(handle.toLowerCase(Locale.ROOT))) {
      throw invalid("a password cannot be the handle");
    }
  }

  /** Whether the list refuses {@code password} (tests). */
  static boolean isCommon(String password) {
    return COMMON.contains(password.toLowerCase(Locale.ROOT));
  }

  private static AccountException invalid(String message) {
    return new AccountException("invalid_password", message);
  }

  private static Set<String> load(String resource) {
    Set<String> out = new HashSet<>();
    try (InputStream in = PasswordRules.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(out);
  }
}
