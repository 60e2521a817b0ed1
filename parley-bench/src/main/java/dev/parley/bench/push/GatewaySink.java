package dev.parley.bench.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A push gateway that forwards nothing and counts: message notifications per device, repeats of a
 * notification id, when the first notification about each conversation arrived, and for each the
 * time from the notification's {@code ts} (when the server queued it) to its arrival here. Answers
 * every POST with 200, as a healthy gateway would. The server runs on the same host, so both clocks
 * are the same clock.
 */
final class GatewaySink implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads;
  private final Map<String, AtomicInteger> messagesByDevice = new ConcurrentHashMap<>();
  private final Set<String> ids = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> firstByConv = new ConcurrentHashMap<>();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong clears = new AtomicLong();
  private final AtomicLong repeatedIds = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong firstAt = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastAt = new AtomicLong();
  private final Histogram queuedToGatewayMicros = new Histogram(3_600_000_000L, 3);

  GatewaySink(int port, int threadCount) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    threads =
        Executors.newFixedThreadPool(
            threadCount,
            r -> {
              Thread t = new Thread(r, "bench-gateway");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/push", this::handle);
    server.start();
  }

  /** The URL to give the server in {@code --push-gateways name=url}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/push");
  }

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.currentTimeMillis();
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      record(JSON.readTree(in).path("notification"), now);
      exchange.sendResponseHeaders(200, -1);
    } catch (IOException | RuntimeException e) {
      malformed.incrementAndGet();
      exchange.sendResponseHeaders(400, -1);
    }
  }

  private void record(JsonNode n, long now) {
    if (!ids.add(n.path("id").asText())) {
      repeatedIds.incrementAndGet();
    }
    if ("clear".equals(n.path("type").asText())) {
      clears.incrementAndGet();
      return;
    }
    String device = n.path("device").path("id").asText();
    messagesByDevice.computeIfAbsent(device, d -> new AtomicInteger()).incrementAndGet();
    messages.incrementAndGet();
    firstByConv.putIfAbsent(n.path("conv").asText(), now);
    firstAt.accumulateAndGet(now, Math::min);
    lastAt.accumulateAndGet(now, Math::max);
    long micros = Math.max(0, now - n.path("ts").asLong(now)) * 1_000;
    synchronized (queuedToGatewayMicros) {
      queuedToGatewayMicros.recordValue(
          Math.min(micros, queuedToGatewayMicros.getHighestTrackableValue()));
    }
  }

  /** Devices that got at least one message notification. */
  int devicesNotified() {
    return messagesByDevice.size();
  }

  /** How many of {@code devices} got no message notification. */
  long missing(Iterable<String> devices) {
    long missing = 0;
    for (String d : devices) {
      if (!messagesByDevice.containsKey(d)) {
        missing++;
      }
    }
    return missing;
  }

  /** Message notifications beyond one per device (each bench device is sent one message). */
  long duplicates() {
    return messages.get() - messagesByDevice.size();
  }

  long messages() {
    return messages.get();
  }

  long clears() {
    return clears.get();
  }

  long repeatedIds() {
    return repeatedIds.get();
  }

  long malformed() {
    return malformed.get();
  }

  /** Wall-clock ms of the first and last message notification (0 if none came). */
  long firstAt() {
    return messages.get() == 0 ? 0 : firstAt.get();
  }

  long lastAt() {
    return lastAt.get();
  }

  /** From the notification's {@code ts} (the server queued it) to its arrival here. */
  Histogram queuedToGateway() {
    synchronized (queuedToGatewayMicros) {
      return queuedToGatewayMicros.copy();
    }
  }

  /**
   * From each message's server timestamp ({@code storedAt}: conversation → ts) to the first
   * notification about its conversation here; conversations without one are left out.
   */
  Histogram storedToGateway(Map<String, Long> storedAt) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    storedAt.forEach(
        (conv, ts) -> {
          Long arrived = firstByConv.get(conv);
          if (arrived != null) {
            h.recordValue(
                Math.min(Math.max(0, arrived - ts) * 1_000, h.getHighestTrackableValue()));
          }
        });
    return h;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
