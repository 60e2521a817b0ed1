package dev.parley.bench.catchup;

import dev.parley.bench.report.Report;
import dev.parley.bench.target.TargetOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench catchup}: time for an offline device to catch up; see {@link CatchupRun}. */
@Command(
    name = "catchup",
    mixinStandardHelpOptions = true,
    description = "Time for an offline device to catch up on missed messages.")
public final class CatchupCommand implements Callable<Integer> {
  @Mixin TargetOptions targetOptions;

  @Option(
      names = "--messages",
      defaultValue = "100000",
      description = "Messages missed (default ${DEFAULT-VALUE}).")
  long messages;

  @Option(
      names = "--senders",
      defaultValue = "4",
      description = "Users sending them, one conversation each (default ${DEFAULT-VALUE}).")
  int senders;

  @Option(
      names = "--window",
      defaultValue = "64",
      description = "In-flight sends per sender (default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--body-bytes",
      defaultValue = "100",
      description = "Message body size (default ${DEFAULT-VALUE}).")
  int bodyBytes;

  @Option(
      names = "--handle-prefix",
      defaultValue = "catchup",
      description = "Handle prefix (default ${DEFAULT-VALUE}).")
  String prefix;

  @Override
  public Integer call() throws Exception {
    CatchupResult result;
    try (TargetOptions.OpenTarget open = targetOptions.open()) {
      result =
          new CatchupRun(open.target(), open.accounts(), System.err)
              .run(messages, senders, window, bodyBytes, prefix);
    }
    Report.print(System.out, "catch-up", result.rows(), result);
    return result.lost() + result.duplicatedOrReordered() == 0 ? 0 : 1;
  }
}
