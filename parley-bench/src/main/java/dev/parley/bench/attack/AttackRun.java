package dev.parley.bench.attack;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.load.WireFrames;
import dev.parley.bench.report.LatencySummary;
import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.BenchDevice;
import dev.parley.bench.target.ServerTarget;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ServerFrame;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs attacks one after another against one server while a victim pair chats and probes check that
 * newcomers are still served; see {@link AttackCommand}.
 */
public final class AttackRun {
  private static final String PING_PAYLOAD = "p".repeat(125);
  private final ServerTarget target;
  private final Accounts accounts;
  private final Path serverLog;
  private final PrintStream progress;

  public AttackRun(ServerTarget target, Accounts accounts, Path serverLog, PrintStream progress) {
    this.target = target;
    this.accounts = accounts;
    this.serverLog = serverLog;
    this.progress = progress;
  }

  /** Attack results in order, and the victims' losses over the whole run. */
  public record Outcome(
      List<AttackResult> attacks, long victimSent, long victimLost, long victimDuplicated) {}

  public Outcome run(List<AttackKind> kinds, int seconds, int readSockets, int slowlorisConnections)
      throws Exception {
    List<BenchDevice> devices =
        accounts.devices(
            List.of("victima", "victimb", "victima", "attacker", "atkpeer"),
            List.of("d0", "d0", "probe", "d0", "d0"));
    BenchDevice attacker = devices.get(3);
    URI ws = target.wsUri("/v1/ws");
    List<AttackResult> results = new ArrayList<>();
    try (WsClient client = new WsClient(2);
        VictimPair victims = new VictimPair(client, ws, devices.get(0), devices.get(1), 100);
        ServiceProbes probes = new ServiceProbes(target.httpUri(), ws, client, devices.get(2))) {
      String attackConv = fillHistory(client, ws, attacker, devices.get(4), 100);
      victims.start();
      probes.start();
      for (AttackKind kind : kinds) {
        await(3_000); // let the previous attack's effects settle before measuring the next
        victims.resetLatency();
        probes.reset();
        long rssBefore = target.stats().rssKb();
        long logBefore = logLength();
        Attacker a =
            attacker(kind, attacker.token(), attackConv, readSockets, slowlorisConnections);
        progress.printf("attack %s for %d s: %s%n", kind.label, seconds, a.describe());
        long rssMax = rssBefore;
        try (a) {
          a.start();
          for (int s = 0; s < seconds; s++) {
            await(1_000);
            rssMax = Math.max(rssMax, target.stats().rssKb());
          }
        }
        long[] logLines = logLinesSince(logBefore);
        AttackResult r =
            new AttackResult(
                a.describe(),
                seconds,
                a.sent(),
                a.refusedAfterMillis(),
                a.closedAfterMillis(),
                rssBefore / 1024,
                rssMax / 1024,
                LatencySummary.ofMicros(victims.latency()),
                victims.connected(),
                LatencySummary.ofMicros(probes.health()),
                probes.healthFailures(),
                LatencySummary.ofMicros(probes.session()),
                probes.sessionFailures(),
                logLines[0],
                logLines[1]);
        progress.printf(
            "  cut after %d ms, RSS +%d MB, victim p99 %.1f ms%n",
            r.attackerClosedAfterMs(), r.rssGrowthMb(), r.victimLatency().p99());
        results.add(r);
      }
      victims.stopSending();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (victims.missing() > 0 && System.nanoTime() < deadline) {
        await(100);
      }
      return new Outcome(results, victims.sent(), victims.missing(), victims.duplicates());
    }
  }

  private Attacker attacker(
      AttackKind kind, String token, String conv, int readSockets, int slowlorisConnections) {
    URI http = target.httpUri();
    return switch (kind) {
      case PING_FLOOD ->
          new FrameFlood("ping-flood", http, null, 1, RawWebSocket.PING, n -> PING_PAYLOAD, false);
      case ERROR_FLOOD ->
          new FrameFlood("error-flood", http, token, 1, RawWebSocket.TEXT, n -> "{}", false);
      case READ_FLOOD ->
          new FrameFlood(
              "read-flood",
              http,
              token,
              readSockets,
              RawWebSocket.TEXT,
              n ->
                  "{\"type\":\"history\",\"ref\":\"h"
                      + n
                      + "\",\"conv\":\""
                      + conv
                      + "\",\"limit\":200}",
              true);
      case SLOWLORIS -> new Slowloris(http, slowlorisConnections);
    };
  }

  /** Gives the attacker a conversation with {@code messages} messages to ask history of. */
  private static String fillHistory(
      WsClient client, URI ws, BenchDevice from, BenchDevice to, int messages) throws Exception {
    FrameCodec codec = new FrameCodec();
    CompletableFuture<String> opened = new CompletableFuture<>();
    CountDownLatch stored = new CountDownLatch(messages);
    WsConnection c =
        client
            .connect(
                ws,
                from.token(),
                null,
                (conn, text) -> {
                  if (text.contains("\"opened\"")) {
                    try {
                      opened.complete(((ServerFrame.Opened) codec.decodeServer(text)).conv());
                    } catch (Exception e) {
                      opened.completeExceptionally(e);
                    }
                  } else if (text.contains("\"sent\"")) {
                    stored.countDown();
                  }
                })
            .get(30, TimeUnit.SECONDS);
    try {
      c.send("{\"type\":\"open\",\"ref\":\"o\",\"handle\":\"" + to.handle() + "\"}");
      String conv = opened.get(30, TimeUnit.SECONDS);
      for (int i = 0; i < messages; i++) {
        c.send(WireFrames.send(i, WireFrames.fastUuid(), conv, "history filler " + i));
      }
      if (!stored.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the attacker's history was not stored");
      }
      return conv;
    } finally {
      c.close();
    }
  }

  private long logLength() throws IOException {
    return serverLog != null && Files.exists(serverLog) ? Files.size(serverLog) : 0;
  }

  /** Lines, and stack-trace lines, the server logged since {@code offset}. */
  private long[] logLinesSince(long offset) throws IOException {
    if (serverLog == null || !Files.exists(serverLog)) {
      return new long[] {-1, -1};
    }
    long lines = 0;
    long stack = 0;
    try (RandomAccessFile f = new RandomAccessFile(serverLog.toFile(), "r")) {
      f.seek(offset);
      String line;
      while ((line = f.readLine()) != null) {
        lines++;
        String s = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        if (s.startsWith("\tat ") || s.contains("\"stack_trace\"") || s.contains("\\tat ")) {
          stack++;
        }
      }
    }
    return new long[] {lines, stack};
  }

  private static void await(long millis) throws InterruptedException {
    // A fixed cadence is the point here (one RSS sample a second), not waiting for a condition.
    TimeUnit.MILLISECONDS.sleep(millis);
  }
}
