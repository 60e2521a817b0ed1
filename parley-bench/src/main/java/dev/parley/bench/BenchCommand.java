package dev.parley.bench;

import dev.parley.bench.attack.AttackCommand;
import dev.parley.bench.catchup.CatchupCommand;
import dev.parley.bench.connections.ConnectionsCommand;
import dev.parley.bench.groups.GroupsCommand;
import dev.parley.bench.jmh.JmhCommand;
import dev.parley.bench.load.ChatCommand;
import dev.parley.bench.load.SweepCommand;
import dev.parley.bench.push.PushCommand;
import dev.parley.bench.relay.RelayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code parley-bench}: the instrument that measures Parley. Each subcommand prints a table on
 * stdout and one {@code RESULT {json}} line; progress goes to stderr. Exit code 1 if messages were
 * lost, duplicated or reordered (or connections failed).
 */
@Command(
    name = "parley-bench",
    mixinStandardHelpOptions = true,
    description = "Load generator and benchmarks for Parley.",
    subcommands = {
      ChatCommand.class,
      SweepCommand.class,
      ConnectionsCommand.class,
      CatchupCommand.class,
      RelayCommand.class,
      JmhCommand.class,
      AttackCommand.class,
      GroupsCommand.class,
      PushCommand.class
    })
public final class BenchCommand implements Runnable {

  public static void main(String[] args) {
    // Before any logger exists; a spawned server keeps its own logging configuration.
    System.setProperty("logback.configurationFile", "bench-logback.xml");
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
