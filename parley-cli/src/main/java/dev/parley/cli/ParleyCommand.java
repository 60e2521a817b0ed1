package dev.parley.cli;

import dev.parley.cli.client.ChatCommand;
import dev.parley.cli.client.GroupCommand;
import dev.parley.cli.client.HistoryCommand;
import dev.parley.cli.client.LoginCommand;
import dev.parley.cli.client.RegisterCommand;
import dev.parley.cli.client.SendCommand;
import dev.parley.server.config.ConfigDefaults;
import dev.parley.server.config.ServerCommand;
import dev.parley.server.push.PushGatewayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command: the server and the terminal client in one launcher. */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    version = "parley 0.1.0",
    description = "Parley, a self-hostable real-time messaging server and its clients.",
    subcommands = {
      ServerCommand.class,
      RegisterCommand.class,
      LoginCommand.class,
      SendCommand.class,
      HistoryCommand.class,
      ChatCommand.class,
      GroupCommand.class,
      PushGatewayCommand.class
    })
public final class ParleyCommand {

  public static void main(String[] args) {
    // Must happen before the first logger exists: Logback reads its configuration once.
    if ("json".equalsIgnoreCase(System.getenv("PARLEY_LOG_FORMAT"))
        && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    System.exit(run(args));
  }

  /** Runs the command line without exiting; returns the exit code. */
  public static int run(String... args) {
    return new CommandLine(new ParleyCommand())
        .setDefaultValueProvider(new ConfigDefaults(args, System.getenv()))
        .execute(args);
  }
}
