package dev.parley.server.config;

import dev.parley.server.ParleyServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parley server}: runs a node, embedded (the default) or of a cluster, until interrupted.
 * Its options are not fields: {@link AddOptions} makes one picocli option per {@link ServerOptions}
 * declaration, picocli keeps their text, and {@link #toConfig()} turns the text into a checked
 * {@link ServerConfig}.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    abbreviateSynopsis = true,
    modelTransformer = ServerCommand.AddOptions.class,
    description = {
      "Runs a Parley server with the embedded store (RocksDB under --data-dir); nothing else to install.",
      "With --mode cluster it runs one node of a cluster over Kafka, Cassandra and Redis instead.",
      "",
      "Every option can also come from the environment variable PARLEY_<OPTION> (e.g. PARLEY_DATA_DIR) or "
          + "from the key <option> (e.g. data-dir=/var/lib/parley) in the properties file given by --config "
          + "or PARLEY_CONFIG. Precedence: flag, environment, file, default.",
      "",
    })
public final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Adds the declared options to the command (picocli calls it once the command is built). */
  public static final class AddOptions implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      for (Option<?> option : ServerOptions.ALL) {
        command.addOption(optionSpec(option));
      }
      return command;
    }
  }

  private static OptionSpec optionSpec(Option<?> option) {
    String defaultText = option.defaultText();
    String help =
        option.description()
            + (defaultText == null ? "" : " Default: " + defaultText + ".")
            + " Env: "
            + option.envVar()
            + ".";
    return OptionSpec.builder(option.flag())
        .type(String.class)
        .arity("1")
        .paramLabel(option.label())
        .defaultValue(defaultText)
        // picocli formats descriptions (%n is a line break), so a literal % is doubled.
        .description(help.replace("%", "%%"))
        .build();
  }

  /** The options as given (flag, environment, file or default), parsed and checked. */
  public ServerConfig toConfig() {
    try {
      ServerConfig.Builder config = ServerConfig.builder();
      for (Option<?> option : ServerOptions.ALL) {
        String text = spec.findOption(option.flag()).getValue();
        if (text != null) {
          config.parse(option, text);
        }
      }
      return config.build();
    } catch (IllegalArgumentException e) {
      // Reported like a bad flag: the message and the usage, not a stack trace.
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    ParleyServer server = ParleyServer.start(toConfig());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "parley-shutdown"));
    System.out.println(
        "Parley is running: open http://localhost:" + server.port() + "/ (Ctrl-C to stop)");
    stopped.await();
    return 0;
  }
}
