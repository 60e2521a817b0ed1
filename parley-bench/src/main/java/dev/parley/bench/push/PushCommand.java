package dev.parley.bench.push;

import dev.parley.bench.report.Report;
import dev.parley.bench.target.TargetOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench push}: N offline devices, registered for push, each sent one message; reports
 * notifications per second at the bench's own gateway, the time from a message being stored to its
 * notification, missing and duplicated notifications, and what the push load does to the latency of
 * a few online pairs (measured before it, then during it). See {@link PushRun}.
 */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Push notifications: one message to each of --devices offline devices, through a counting"
          + " gateway in the bench, while --pairs online pairs chat. With --spawn-server the server"
          + " is started with --push-gateways bench=<the sink>; with --url, start it yourself with"
          + " --push-gateways bench=http://127.0.0.1:<--sink-port>/push."
    })
public final class PushCommand implements Callable<Integer> {
  /** Cheap Argon2 (thousands of logins) and per-device limits lifted (one sender, 500 messages). */
  private static final List<String> SERVER_DEFAULTS =
      List.of(
          "--argon2-memory-kib", "1024",
          "--rate-messages", "1000000/1000000",
          "--rate-receipts", "1000000/1000000",
          "--rate-chatter", "1000000/1000000",
          "--rate-registrations", "1000000/1000000");

  private static final String GATEWAY = "bench";

  @Mixin TargetOptions targetOptions;

  @Option(
      names = "--devices",
      defaultValue = "10000",
      description =
          "Offline devices, each its own user, each sent one message (default ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--senders",
      defaultValue = "20",
      description = "Online devices that send those messages (default ${DEFAULT-VALUE}).")
  int senders;

  @Option(
      names = "--window",
      defaultValue = "64",
      description = "Unanswered sends per sender at most (default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--pairs",
      defaultValue = "4",
      description = "Online pairs chatting throughout (default ${DEFAULT-VALUE}).")
  int pairs;

  @Option(
      names = "--pair-period-ms",
      defaultValue = "50",
      description = "Each pair sends one message every this many ms (default ${DEFAULT-VALUE}).")
  long pairPeriodMillis;

  @Option(
      names = "--baseline-seconds",
      defaultValue = "20",
      description = "The pairs alone, before the push load (default ${DEFAULT-VALUE}).")
  double baselineSeconds;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "600",
      description = "Longest wait for every notification (default ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(
      names = "--sink-port",
      defaultValue = "0",
      description = "Port of the bench's gateway (default: an ephemeral one).")
  int sinkPort;

  @Option(
      names = "--sink-threads",
      defaultValue = "4",
      description = "Threads of the bench's gateway (default ${DEFAULT-VALUE}).")
  int sinkThreads;

  @Option(
      names = "--register-threads",
      defaultValue = "8",
      description = "Parallel PUT /v1/push requests while setting up (default ${DEFAULT-VALUE}).")
  int registerThreads;

  @Override
  public Integer call() throws Exception {
    PushResult r;
    try (GatewaySink sink = new GatewaySink(sinkPort, sinkThreads)) {
      if (targetOptions.spawnsServer()) {
        targetOptions.defaultServerArgs(SERVER_DEFAULTS);
        targetOptions.defaultServerArgs(List.of("--push-gateways", GATEWAY + "=" + sink.url()));
        System.err.println("server arguments: " + String.join(" ", targetOptions.serverArgs()));
      } else {
        System.err.println(
            "the server must run with --push-gateways " + GATEWAY + "=" + sink.url());
      }
      try (TargetOptions.OpenTarget open = targetOptions.open()) {
        r =
            new PushRun(
                    open.target(),
                    open.accounts(),
                    sink,
                    GATEWAY,
                    open.child() == null ? null : open.child().log(),
                    System.err)
                .run(
                    devices,
                    senders,
                    pairs,
                    pairPeriodMillis,
                    window,
                    baselineSeconds,
                    timeoutSeconds,
                    registerThreads);
      }
    }
    Map<String, String> rows = Report.rows();
    rows.put(
        "offline devices / senders / online pairs",
        r.devices() + " / " + r.senders() + " / " + r.pairs());
    rows.put("messages stored in", r.sendMillis() + " ms");
    rows.put("last notification after", r.lastNotificationMillis() + " ms");
    rows.put("notifications/s", String.valueOf(r.notificationsPerSecond()));
    rows.put("stored → gateway ms p50/p90/p99/p99.9/max", r.storedToGateway().compact());
    rows.put("queued → gateway ms p50/p90/p99/p99.9/max", r.queuedToGateway().compact());
    rows.put(
        "devices notified / missing / duplicated / repeated ids",
        r.notified() + " / " + r.missing() + " / " + r.duplicates() + " / " + r.repeatedIds());
    rows.put("sends refused (and sent again)", String.valueOf(r.sendsRefused()));
    rows.put("pairs baseline ms p50/p90/p99/p99.9/max", r.pairsBaseline().compact());
    rows.put("pairs under push ms p50/p90/p99/p99.9/max", r.pairsUnderPush().compact());
    rows.put("pairs lost / duplicated", r.pairsLost() + " / " + r.pairsDuplicated());
    rows.put("server CPU during push", String.format("%.0f %%", r.serverCpuPercent()));
    rows.put("load average (1 min) start / end", r.load1Start() + " / " + r.load1End());
    r.serverPushMetrics()
        .forEach(
            (k, v) -> {
              if (k.startsWith("parley_push_notifications_total")
                  || k.startsWith("parley_push_receipts")
                  || k.startsWith("parley_push_gateway_seconds_")) {
                rows.put("server " + k, String.format("%.3f", v));
              }
            });
    Report.print(System.out, "push notifications", rows, r);
    return r.missing() + r.duplicates() + r.pairsLost() + r.pairsDuplicated() == 0 ? 0 : 1;
  }
}
