package dev.parley.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String name = option.longestName();
    String fromEnv = env.get(Option.envVarOf(name));
    if (fromEnv != null) {
      return fromEnv;
    }
    // The file cannot name itself.
    String fromFile =
        name.equals(ServerOptions.CONFIG.flag())
            ? null
            : file.getProperty(name.replaceFirst("^--", ""));
    return fromFile != null ? fromFile : option.defaultValue();
  }

  private static Path configPath(String[] args, Map<String, String> env) {
    String flag = ServerOptions.CONFIG.flag();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(flag) && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith(flag + "=")) {
        return Path.of(args[i].substring(flag.length() + 1));
      }
    }
    String fromEnv = env.get(ServerOptions.CONFIG.envVar());
    return fromEnv == null ? null : Path.of(fromEnv);
  }
}
