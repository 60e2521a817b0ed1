package dev.parley.bench.connections;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.report.Report;
import dev.parley.bench.target.BenchDevice;
import dev.parley.bench.target.HeapProbe;
import dev.parley.bench.target.ProcessStats;
import dev.parley.bench.target.TargetOptions;
import dev.parley.protocol.FrameCodec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench connections}: N idle authenticated devices with heartbeats; reports the server's RSS
 * growth per connection and the time to open them.
 *
 * <p>Accounts: N devices need N logins (Argon2id, ~50 ms of server CPU each), so devices are spread over
 * few users ({@code --devices-per-user}) and remembered in the account cache: keep {@code --work-dir}
 * between runs and the second run logs in nothing. Source addresses: one source IP has ~28,000 ephemeral
 * ports, so connections rotate over 127.0.0.2, 127.0.0.3, … ({@code --source-addresses}).
 */
@Command(name = "connections", mixinStandardHelpOptions = true, description = "Many idle authenticated connections: RSS per connection, time to open.")
public final class ConnectionsCommand implements Callable<Integer> {
  @Mixin TargetOptions targetOptions;

  @Option(names = "--connections", defaultValue = "10000", description = "Idle connections to open (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--devices-per-user", defaultValue = "100", description = "Devices per bench user (default ${DEFAULT-VALUE}).")
  int devicesPerUser;

  @Option(names = "--source-addresses", defaultValue = "4", description = "Loopback source IPs to spread over, from 127.0.0.2 (default ${DEFAULT-VALUE}).")
  int sourceAddresses;

  @Option(names = "--hold", defaultValue = "30", description = "Seconds to hold them open before measuring (default ${DEFAULT-VALUE}).")
  double holdSeconds;

  @Option(names = "--heartbeat", defaultValue = "25", description = "Seconds between app-level pings per connection (default ${DEFAULT-VALUE}).")
  double heartbeatSeconds;

  @Option(names = "--handle-prefix", defaultValue = "idle", description = "Handle prefix (default ${DEFAULT-VALUE}).")
  String prefix;

  @Override
  public Integer call() throws Exception {
    warnAboutFileLimit();
    ConnectionsResult result;
    try (TargetOptions.OpenTarget open = targetOptions.open();
        WsClient client = new WsClient(2)) {
      int users = (count + devicesPerUser - 1) / devicesPerUser;
      List<String> handles = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        handles.add(prefix + (i / devicesPerUser));
        names.add("d" + (i % devicesPerUser));
      }
      long loginStart = System.nanoTime();
      System.err.printf("logging in %,d devices of %,d users (%,d cached)…%n", count, users, open.accounts().cachedCount());
      int loggedIn = count - Math.min(count, open.accounts().cachedCount());
      List<BenchDevice> devices = open.accounts().devices(handles, names);
      System.err.printf("logged in after %.1f s%n", (System.nanoTime() - loginStart) / 1e9);

      long heapBefore = HeapProbe.liveHeapKb(open.target().pid());
      ProcessStats before = open.target().stats();
      URI ws = open.target().wsUri("/v1/ws");
      FrameCodec codec = new FrameCodec();
      LongAdder pongs = new LongAdder();
      LongAdder closes = new LongAdder();
      long heartbeatNanos = (long) (heartbeatSeconds * 1e9);
      Semaphore pending = new Semaphore(512);
      List<IdleSession> sessions = new ArrayList<>();
      List<CompletableFuture<WsConnection>> connections = new ArrayList<>();
      long openStart = System.nanoTime();
      for (int i = 0; i < count; i++) {
        IdleSession session = new IdleSession(codec, heartbeatNanos, pongs, closes);
        sessions.add(session);
        String source = "127.0.0." + (2 + i % sourceAddresses);
        pending.acquire();
        CompletableFuture<WsConnection> c = client.connect(ws, devices.get(i).token(), source, session);
        c.thenCompose(x -> session.ready).whenComplete((v, e) -> pending.release());
        connections.add(c);
        if ((i + 1) % 5000 == 0) {
          System.err.printf("  %,d connecting/open%n", i + 1);
        }
      }
      int failed = 0;
      for (IdleSession s : sessions) {
        try {
          s.ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
          failed++;
        }
      }
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      int opened = count - failed;
      System.err.printf("%,d open in %.1f s; holding %.0f s…%n", opened, openSeconds, holdSeconds);
      ProcessStats holdStart = open.target().stats();
      long holdStartNanos = System.nanoTime();
      Thread.sleep((long) (holdSeconds * 1000));
      long held = System.nanoTime() - holdStartNanos;
      ProcessStats after = open.target().stats();
      long heapAfter = HeapProbe.liveHeapKb(open.target().pid());
      sessions.forEach(s -> s.stopping = true);
      for (CompletableFuture<WsConnection> c : connections) {
        if (c.isDone() && !c.isCompletedExceptionally()) {
          c.join().close();
        }
      }
      result =
          new ConnectionsResult(
              count, opened, failed, users, sourceAddresses, openSeconds, opened / openSeconds,
              held / 1e9, pongs.sum(), closes.sum(), before.rssKb(), after.rssKb(),
              opened == 0 ? 0 : (after.rssKb() - before.rssKb()) / (double) opened,
              after.cpuPercentSince(holdStart, held), ProcessStats.self().rssKb(),
              heapBefore < 0 || heapAfter < 0 || opened == 0 ? -1 : (heapAfter - heapBefore) / (double) opened,
              loggedIn);
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
