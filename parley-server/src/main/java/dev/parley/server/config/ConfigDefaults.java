package dev.parley.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line gets its value: the environment variable {@code
 * PARLEY_<NAME>} (e.g. {@code --data-dir} → {@code PARLEY_DATA_DIR}), then the key {@code <name>}
 * (e.g. {@code data-dir}) in the properties file named by {@code --config} or {@code
 * PARLEY_CONFIG}, then the built-in default. Flags beat environment beats file beats default.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;
  private final Properties file = new Properties();

  public ConfigDefaults(String[] args, Map<String, String> env) {
    this.env = env;
    Path config = configPath(args, env);
    if (config != null) {
      try (InputStream in = Files.newInputStream(config)) {
        file.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read config file " + config + ": " + e.getMessage(), e);
      }
    }
  }

  /** The environment variable that sets an option. */
  public static String envName(String longOption) {
    return "PARLEY_"
        + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || option.longestName().equals("--config")) {
      return null;
    }
    String fromEnv = env.get(envName(option.longestName()));
    if (fromEnv != null) {
      return fromEnv;
    }
    String fromFile = file.getProperty(option.longestName().replaceFirst("^--", ""));
    return fromFile != null ? fromFile : option.defaultValue();
  }

  private static Path configPath(String[] args, Map<String, String> env) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String fromEnv = env.get("PARLEY_CONFIG");
    return fromEnv == null ? null : Path.of(fromEnv);
  }
}
