package dev.parley.bench.connections;

import dev.parley.bench.report.Report;
import dev.parley.bench.target.TargetOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench connections}: N idle authenticated devices with heartbeats ({@link
 * IdleConnectionsRun}); reports the server's RSS growth per connection and the time to open them.
 *
 * <p>Accounts: N devices need N logins (Argon2id, ~50 ms of server CPU each), so devices are spread
 * over few users ({@code --devices-per-user}, at most the server's sessions per user) and
 * remembered in the account cache: keep {@code --work-dir} between runs and the second run logs in
 * nothing. Source addresses: one source IP has ~28,000 ephemeral ports, so connections rotate over
 * 127.0.0.2, 127.0.0.3, … ({@code --source-addresses}).
 */
@Command(
    name = "connections",
    mixinStandardHelpOptions = true,
    description = "Many idle authenticated connections: RSS per connection, time to open.")
public final class ConnectionsCommand implements Callable<Integer> {
  @Mixin TargetOptions targetOptions;

  @Option(
      names = "--connections",
      defaultValue = "10000",
      description = "Idle connections to open (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--devices-per-user",
      defaultValue = "20",
      description =
          "Devices per bench user (default ${DEFAULT-VALUE}, the server's default --max-connections-per-user).")
  int devicesPerUser;

  @Option(
      names = "--source-addresses",
      defaultValue = "4",
      description =
          "Loopback source IPs to spread over, from 127.0.0.2 (default ${DEFAULT-VALUE}).")
  int sourceAddresses;

  @Option(
      names = "--hold",
      defaultValue = "30",
      description = "Seconds to hold them open before measuring (default ${DEFAULT-VALUE}).")
  double holdSeconds;

  @Option(
      names = "--heartbeat",
      defaultValue = "25",
      description = "Seconds between app-level pings per connection (default ${DEFAULT-VALUE}).")
  double heartbeatSeconds;

  @Option(
      names = "--handle-prefix",
      defaultValue = "idle",
      description = "Handle prefix (default ${DEFAULT-VALUE}).")
  String prefix;

  @Override
  public Integer call() throws Exception {
    warnAboutFileLimit();
    ConnectionsResult result;
    try (TargetOptions.OpenTarget open = targetOptions.open()) {
      IdleConnectionsRun.Shape shape =
          new IdleConnectionsRun.Shape(
              count, devicesPerUser, sourceAddresses, holdSeconds, heartbeatSeconds, prefix);
      result = new IdleConnectionsRun(open.target(), open.accounts(), System.err).run(shape);
    }
    Report.print(System.out, "connections", result.rows(), result);
    return result.failed() == 0 && result.unexpectedCloses() == 0 ? 0 : 1;
  }

  private void warnAboutFileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          long soft = Long.parseLong(line.substring(25).trim().split("\\s+")[0]);
          if (soft < count + 1000L) {
            System.err.printf(
                "warning: this process may open %,d files; %,d connections need more (raise ulimit -n; the server needs the same)%n",
                soft, count);
          }
        }
      }
    } catch (Exception e) {
      // not Linux: nothing to check
    }
  }
}
