package dev.parley.cli.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The password from {@code --password}, else typed at the console without echo, else one line of
 * stdin.
 */
final class PasswordSource {
  private PasswordSource() {}

  static String resolve(String fromOption) {
    if (fromOption != null) {
      return fromOption;
    }
    if (System.console() != null) {
      char[] typed = System.console().readPassword("Password: ");
      if (typed == null) {
        throw new ClientCommandException("no password given");
      }
      return new String(typed);
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new ClientCommandException("no password given (use --password or type it on stdin)");
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
