package dev.parley.cli.client;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --profile DIR} option shared by the client commands. Without it, {@code
 * $PARLEY_PROFILE}, else {@code ~/.parley}.
 */
final class ProfileOption {
  @Option(
      names = "--profile",
      paramLabel = "DIR",
      description = "Profile directory (default: $PARLEY_PROFILE or ~/.parley).")
  Path dir;

  Path resolve() {
    if (dir != null) {
      return dir;
    }
    String env = System.getenv("PARLEY_PROFILE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".parley");
  }

  /** The saved login, or a message telling the user to log in. */
  Profile require() {
    Path resolved = resolve();
    return Profile.load(resolved)
        .orElseThrow(
            () ->
                new ClientCommandException(
                    "not logged in (no profile in " + resolved + "): run 'parley login'"));
  }
}
