package dev.parley.bench.attack;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.target.BenchDevice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What a newcomer sees during an attack, once a second each: {@code GET /healthz}, and a fresh
 * session (WebSocket upgrade with a token, then a {@code conversations} request) timed from connect
 * to the answer. A probe that fails or takes over 15 s counts as a failure.
 */
final class ServiceProbes implements AutoCloseable {
  private static final Duration GIVE_UP = Duration.ofSeconds(15);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(GIVE_UP).version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService health = daemon("probe-healthz");
  private final ScheduledExecutorService session = daemon("probe-session");
  private final Histogram healthMicros = new Histogram(3_600_000_000L, 3);
  private final Histogram sessionMicros = new Histogram(3_600_000_000L, 3);
  private final AtomicLong healthFailures = new AtomicLong();
  private final AtomicLong sessionFailures = new AtomicLong();
  private final URI base;
  private final URI ws;
  private final WsClient client;
  private final BenchDevice probe;

  ServiceProbes(URI base, URI ws, WsClient client, BenchDevice probe) {
    this.base = base;
    this.ws = ws;
    this.client = client;
    this.probe = probe;
  }

  void start() {
    health.scheduleWithFixedDelay(this::probeHealth, 0, 1, TimeUnit.SECONDS);
    session.scheduleWithFixedDelay(this::probeSession, 0, 1, TimeUnit.SECONDS);
  }

  private void probeHealth() {
    long t0 = System.nanoTime();
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/healthz")).timeout(GIVE_UP).build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        healthFailures.incrementAndGet();
        return;
      }
      record(healthMicros, t0);
    } catch (Exception e) {
      healthFailures.incrementAndGet();
    }
  }

  private void probeSession() {
    long t0 = System.nanoTime();
    CompletableFuture<Void> answered = new CompletableFuture<>();
    WsConnection c = null;
    try {
      c =
          client
              .connect(
                  ws,
                  probe.token(),
                  null,
                  (conn, text) -> {
                    if (text.contains("\"conversations\"")) {
                      answered.complete(null);
                    }
                  })
              .get(GIVE_UP.toMillis(), TimeUnit.MILLISECONDS);
      c.send("{\"type\":\"conversations\",\"ref\":\"probe\"}");
      answered.get(GIVE_UP.toMillis(), TimeUnit.MILLISECONDS);
      record(sessionMicros, t0);
    } catch (Exception e) {
      sessionFailures.incrementAndGet();
    } finally {
      if (c != null) {
        c.close();
      }
    }
  }

  private static synchronized void record(Histogram h, long t0) {
    h.recordValue((System.nanoTime() - t0) / 1_000);
  }

  Histogram health() {
    synchronized (ServiceProbes.class) {
      return healthMicros.copy();
    }
  }

  Histogram session() {
    synchronized (ServiceProbes.class) {
      return sessionMicros.copy();
    }
  }

  void reset() {
    synchronized (ServiceProbes.class) {
      healthMicros.reset();
      sessionMicros.reset();
    }
    healthFailures.set(0);
    sessionFailures.set(0);
  }

  long healthFailures() {
    return healthFailures.get();
  }

  long sessionFailures() {
    return sessionFailures.get();
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void close() {
    health.shutdownNow();
    session.shutdownNow();
  }
}
