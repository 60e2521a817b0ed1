package dev.parley.bench.push;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.load.WireFrames;
import dev.parley.bench.target.BenchDevice;
import dev.parley.core.conversation.ConversationId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sender device that writes one message to each of its recipients, each in their direct
 * conversation, keeping at most {@code window} sends unanswered. A retryable refusal ({@code
 * overloaded}, {@code rate_limited}, {@code internal}) is sent again with the same id, so every
 * recipient gets exactly one stored message.
 */
final class OneEachSender implements AutoCloseable {
  private final BenchDevice from;
  private final List<BenchDevice> to;
  private final Semaphore window;
  private final Map<String, String> frameByRef = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final CompletableFuture<Void> allStored = new CompletableFuture<>();
  private final AtomicLong stored = new AtomicLong();
  private final Map<String, Long> storedAt;
  private WsConnection connection;

  /**
   * @param storedAt filled with conversation → the server timestamp of its message ({@code sent}'s
   *     {@code ts})
   */
  OneEachSender(BenchDevice from, List<BenchDevice> to, int window, Map<String, Long> storedAt) {
    this.from = from;
    this.storedAt = storedAt;
    this.to = to;
    this.window = new Semaphore(window);
    if (to.isEmpty()) {
      allStored.complete(null);
    }
  }

  void connect(WsClient client, URI ws) throws Exception {
    connection =
        client
            .connect(ws, from.token(), null, (c, text) -> onFrame(text))
            .get(30, TimeUnit.SECONDS);
  }

  /** Sends every message, blocking while the window is full; {@link #stored()} completes later. */
  void sendAll() throws InterruptedException {
    for (int i = 0; i < to.size(); i++) {
      window.acquire();
      String conv = ConversationId.direct(from.userId(), to.get(i).userId()).value();
      String ref = String.valueOf(i);
      String frame = WireFrames.send(i, WireFrames.fastUuid(), conv, "push-" + i);
      frameByRef.put(ref, frame);
      connection.send(frame);
    }
  }

  private void onFrame(String text) {
    boolean sent = text.contains("\"type\":\"sent\"");
    if (!sent && !text.contains("\"type\":\"error\"")) {
      return;
    }
    String ref = field(text, "ref");
    String frame = ref == null ? null : frameByRef.get(ref);
    if (frame == null) {
      return;
    }
    if (sent) {
      frameByRef.remove(ref);
      storedAt.put(field(text, "conv"), number(text, "ts"));
      window.release();
      if (stored.incrementAndGet() == to.size()) {
        allStored.complete(null);
      }
      return;
    }
    String code = field(text, "code");
    if ("overloaded".equals(code) || "rate_limited".equals(code) || "internal".equals(code)) {
      refused.incrementAndGet();
      connection.eventLoop().schedule(() -> connection.send(frame), 50, TimeUnit.MILLISECONDS);
    } else {
      allStored.completeExceptionally(new IllegalStateException("send refused: " + text));
    }
  }

  private static String field(String json, String name) {
    String key = "\"" + name + "\":\"";
    int start = json.indexOf(key);
    if (start < 0) {
      return null;
    }
    start += key.length();
    return json.substring(start, json.indexOf('"', start));
  }

  private static long number(String json, String name) {
    String key = "\"" + name + "\":";
    int start = json.indexOf(key) + key.length();
    int end = start;
    while (end < json.length() && Character.isDigit(json.charAt(end))) {
      end++;
    }
    return Long.parseLong(json.substring(start, end));
  }

  CompletableFuture<Void> stored() {
    return allStored;
  }

  /** Retryable refusals met (each sent again). */
  long refused() {
    return refused.get();
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
  }
}
