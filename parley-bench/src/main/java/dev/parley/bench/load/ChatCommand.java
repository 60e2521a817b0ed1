package dev.parley.bench.load;

import dev.parley.bench.cpu.ClusterProcesses;
import dev.parley.bench.relay.RelayProcess;
import dev.parley.bench.report.Report;
import dev.parley.bench.target.ChildJvm;
import dev.parley.bench.target.TargetOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench chat}: 1:1 chat load with receipts, optionally followed by the same load on the
 * relay.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = "Pairs of users chatting with delivered+read receipts.")
public final class ChatCommand implements Callable<Integer> {
  @Mixin TargetOptions targetOptions;
  @Mixin ChatLoadOptions loadOptions;

  @Option(
      names = "--with-relay",
      description =
          "Also run the same load on the relay ceiling (a child JVM) and report Parley as a fraction of it.")
  boolean withRelay;

  @Option(
      names = "--relay-only",
      description = "Run only the relay ceiling (no Parley server needed).")
  boolean relayOnly;

  @Option(
      names = "--relay-jvm-args",
      split = " ",
      description = "JVM options for the relay (default ${DEFAULT-VALUE}).",
      defaultValue = "-Xmx1g")
  List<String> relayJvmArgs;

  @Option(
      names = "--kill",
      description =
          "With --cluster-run-dir: kill -9 this process of the cluster (node1, node2, …) halfway through the measured window. Its sessions connect again through the load balancer and send again, in order, what had no answer; the sent-ack max is then the longest a message waited for its conversation to accept it.")
  String kill;

  @Override
  public Integer call() throws Exception {
    ChatOptions options = loadOptions.toOptions();
    if (relayOnly) {
      ChatResult relay = runRelay(options, relayJvmArgs);
      Report.print(System.out, "chat: relay ceiling", relay.rows(), relay);
      return 0;
    }
    ChatResult parley;
    ClusterProcesses cluster = loadOptions.clusterProcesses();
    try (TargetOptions.OpenTarget open = targetOptions.open()) {
      ChatLoad load = new ChatLoad(options, open.target(), open.accounts(), System.err, cluster);
      if (kill != null) {
        load.killHalfway(kill);
      }
      parley = load.run();
    }
    Report.print(System.out, "chat: parley", parley.rows(), parley);
    if (withRelay) {
      ChatResult relay = runRelay(options, relayJvmArgs);
      Report.print(System.out, "chat: relay ceiling", relay.rows(), relay);
      RelayComparison comparison = RelayComparison.of(parley, relay);
      Report.print(System.out, "chat: parley / relay", comparison.rows(), comparison);
    }
    return parley.lost() + parley.duplicated() + parley.outOfOrder() + parley.outOfSeqOrder() == 0
        ? 0
        : 1;
  }

  static ChatResult runRelay(ChatOptions options, List<String> jvmArgs) throws Exception {
    ChatOptions relayOptions =
        new ChatOptions(
            options.pairs(),
            1,
            options.window(),
            options.rate(),
            options.warmupSeconds(),
            options.durationSeconds(),
            options.drainSeconds(),
            options.bodyBytes(),
            options.clientThreads(),
            options.handlePrefix());
    try (ChildJvm relay = RelayProcess.start(jvmArgs)) {
      return new ChatLoad(relayOptions, RelayProcess.target(relay), null, System.err).run();
    }
  }

  /** Parley's throughput as a fraction of the relay's under the same load. */
  public record RelayComparison(
      double parleyPerSecond,
      double relayPerSecond,
      double ratio,
      double parleyPerServerCpuSecond,
      double relayPerServerCpuSecond,
      double cpuEfficiencyRatio) {
    static RelayComparison of(ChatResult parley, ChatResult relay) {
      return new RelayComparison(
          parley.deliveredPerSecond(),
          relay.deliveredPerSecond(),
          ratio(parley.deliveredPerSecond(), relay.deliveredPerSecond()),
          parley.deliveredPerServerCpuSecond(),
          relay.deliveredPerServerCpuSecond(),
          ratio(parley.deliveredPerServerCpuSecond(), relay.deliveredPerServerCpuSecond()));
    }

    private static double ratio(double a, double b) {
      return b == 0 ? 0 : a / b;
    }

    Map<String, String> rows() {
      Map<String, String> rows = Report.rows();
      rows.put("parley delivered msgs/s", String.format("%,.0f", parleyPerSecond));
      rows.put("relay delivered msgs/s", String.format("%,.0f", relayPerSecond));
      rows.put("parley / relay (throughput)", String.format("%.0f%%", 100 * ratio));
      rows.put(
          "parley / relay (per server CPU-second)",
          String.format("%.0f%%", 100 * cpuEfficiencyRatio));
      return rows;
    }
  }
}
