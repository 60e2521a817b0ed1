package dev.parley.bench.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.attack.VictimPair;
import dev.parley.bench.client.WsClient;
import dev.parley.bench.report.LatencySummary;
import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.BenchDevice;
import dev.parley.bench.target.ProcessStats;
import dev.parley.bench.target.ServerTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The phases of {@code bench push}: devices logged in and registered for push (over HTTP, no
 * sockets: they stay offline), the online pairs' baseline, then one message to each offline device
 * from a few senders while the pairs go on, until every device's notification reached the {@link
 * GatewaySink} (or the timeout), and a short settle to catch repeats.
 */
final class PushRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SETTLE_MILLIS = 3_000;

  private final ServerTarget target;
  private final Accounts accounts;
  private final GatewaySink sink;
  private final String gatewayName;
  private final PrintStream progress;
  private final Path serverLog;

  PushRun(
      ServerTarget target,
      Accounts accounts,
      GatewaySink sink,
      String gatewayName,
      Path serverLog,
      PrintStream progress) {
    this.serverLog = serverLog;
    this.target = target;
    this.accounts = accounts;
    this.sink = sink;
    this.gatewayName = gatewayName;
    this.progress = progress;
  }

  PushResult run(
      int devices,
      int senders,
      int pairs,
      long pairPeriodMillis,
      int window,
      double baselineSeconds,
      double timeoutSeconds,
      int httpThreads)
      throws Exception {
    String loadStart = load1();
    progress.printf(
        "logging in %d offline devices, %d senders, %d pairs%n", devices, senders, pairs);
    List<BenchDevice> offline = login("push_off_", "phone", devices);
    List<BenchDevice> from = login("push_from_", "laptop", senders);
    List<BenchDevice> pairA = login("push_pa_", "laptop", pairs);
    List<BenchDevice> pairB = login("push_pb_", "laptop", pairs);
    progress.printf("registering %d push targets with gateway %s%n", devices, sink.url());
    registerPush(offline, httpThreads);

    URI ws = target.wsUri("/v1/ws");
    List<VictimPair> online = new ArrayList<>();
    List<OneEachSender> blasts = new ArrayList<>();
    Map<String, Long> storedAt = new ConcurrentHashMap<>();
    try (WsClient client = new WsClient(2)) {
      for (int i = 0; i < pairs; i++) {
        VictimPair pair = new VictimPair(client, ws, pairA.get(i), pairB.get(i), pairPeriodMillis);
        online.add(pair);
        pair.start();
      }
      for (int s = 0; s < senders; s++) {
        List<BenchDevice> share = new ArrayList<>();
        for (int i = s; i < devices; i += senders) {
          share.add(offline.get(i));
        }
        OneEachSender sender = new OneEachSender(from.get(s), share, window, storedAt);
        blasts.add(sender);
        sender.connect(client, ws);
      }
      progress.printf("baseline: %d pairs for %.0f s%n", pairs, baselineSeconds);
      Thread.sleep(1_000); // the pairs' first messages pay for connection warm-up
      online.forEach(VictimPair::resetLatency);
      Thread.sleep((long) (baselineSeconds * 1000));
      LatencySummary baseline = merged(online);
      online.forEach(VictimPair::resetLatency);

      progress.printf("push: one message to each of %d offline devices%n", devices);
      ProcessStats cpuBefore = target.stats();
      long startNanos = System.nanoTime();
      long startMillis = System.currentTimeMillis();
      ExecutorService sendThreads = Executors.newFixedThreadPool(senders);
      List<CompletableFuture<Void>> sending = new ArrayList<>();
      for (OneEachSender s : blasts) {
        sending.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    s.sendAll();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                sendThreads));
      }
      sending.forEach(CompletableFuture::join);
      sendThreads.shutdown();
      for (OneEachSender s : blasts) {
        s.stored().get((long) timeoutSeconds, TimeUnit.SECONDS);
      }
      long sendMillis = (System.nanoTime() - startNanos) / 1_000_000;
      progress.printf("all %d messages stored in %d ms%n", devices, sendMillis);
      long deadline = startNanos + (long) (timeoutSeconds * 1e9);
      int lastReported = -1;
      while (sink.devicesNotified() < devices && System.nanoTime() < deadline) {
        Thread.sleep(100);
        int now = sink.devicesNotified();
        if (now / 1000 != lastReported / 1000) {
          progress.printf("  %d devices notified%n", now);
          lastReported = now;
        }
      }
      long pushNanos = System.nanoTime() - startNanos;
      ProcessStats cpuAfter = target.stats();
      LatencySummary underPush = merged(online);
      Thread.sleep(SETTLE_MILLIS);
      online.forEach(VictimPair::stopSending);
      Thread.sleep(2_000); // the pairs' last messages land
      long lastMillis = sink.lastAt() == 0 ? 0 : sink.lastAt() - startMillis;
      long notified = sink.devicesNotified();
      return new PushResult(
          devices,
          senders,
          pairs,
          sendMillis,
          lastMillis,
          lastMillis == 0 ? 0 : Math.round(sink.messages() * 10_000.0 / lastMillis) / 10.0,
          notified,
          sink.missing(offline.stream().map(BenchDevice::deviceId).toList()),
          sink.duplicates(),
          sink.repeatedIds(),
          sink.clears(),
          blasts.stream().mapToLong(OneEachSender::refused).sum(),
          LatencySummary.ofMicros(sink.storedToGateway(storedAt)),
          LatencySummary.ofMicros(sink.queuedToGateway()),
          baseline,
          underPush,
          online.stream().mapToLong(VictimPair::missing).sum(),
          online.stream().mapToLong(VictimPair::duplicates).sum(),
          target.pid() > 0 ? cpuAfter.cpuPercentSince(cpuBefore, pushNanos) : 0,
          loadStart,
          load1(),
          ServerPushMetrics.read(serverLog));
    } finally {
      blasts.forEach(OneEachSender::close);
      online.forEach(VictimPair::close);
    }
  }

  private List<BenchDevice> login(String prefix, String deviceName, int count) {
    List<String> handles = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    return accounts.devices(handles, Collections.nCopies(count, deviceName));
  }

  /** {@code PUT /v1/push} for each device, a few at a time (each is one HTTP request). */
  private void registerPush(List<BenchDevice> devices, int threads) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (BenchDevice d : devices) {
        done.add(CompletableFuture.runAsync(() -> register(http, d), pool));
      }
      done.forEach(CompletableFuture::join);
    } finally {
      pool.shutdownNow();
    }
  }

  private void register(HttpClient http, BenchDevice d) {
    String body =
        JSON.createObjectNode()
            .put("gateway", gatewayName)
            .put("key", "bench-key-" + d.deviceId())
            .toString();
    HttpRequest request =
        HttpRequest.newBuilder(target.httpUri().resolve("/v1/push"))
            .header("Authorization", "Bearer " + d.token())
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "PUT /v1/push for " + d.handle() + ": " + r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static LatencySummary merged(List<VictimPair> pairs) {
    org.HdrHistogram.Histogram all = new org.HdrHistogram.Histogram(3_600_000_000L, 3);
    pairs.forEach(p -> all.add(p.latency()));
    return LatencySummary.ofMicros(all);
  }

  /** The 1-minute load average, as uptime shows it. */
  private static String load1() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }
}
