package dev.parley.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A push gateway for development and tests: takes Parley's notifications at {@code /push}, keeps
 * the latest {@value #KEPT} in memory, and hands each to a listener (the command prints them). It
 * forwards nothing: forwarding to FCM or APNs is the operator's gateway (docs/push.md). Tests can
 * make it answer a status ({@link #answer}, e.g. 503 while "down") and name dead keys ({@link
 * #reject}), which it lists in {@code rejected} as Matrix's push gateways do.
 */
public final class ReferencePushGateway implements AutoCloseable {
  public static final String PATH = "/push";
  private static final int KEPT = 100_000;
  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Consumer<JsonNode> listener;
  private final Deque<JsonNode> received = new ArrayDeque<>();
  private final Set<String> rejected = ConcurrentHashMap.newKeySet();
  private volatile int status = 200;
  private final java.util.concurrent.atomic.AtomicInteger refused =
      new java.util.concurrent.atomic.AtomicInteger();

  private ReferencePushGateway(InetSocketAddress address, Consumer<JsonNode> listener)
      throws IOException {
    this.listener = listener;
    this.server = HttpServer.create(address, 128);
    server.createContext(PATH, this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2, ReferencePushGateway::daemon));
    server.start();
  }

  /**
   * Starts a gateway on {@code host:port} (0: any free port), handing notifications to {@code
   * listener}.
   */
  public static ReferencePushGateway start(String host, int port, Consumer<JsonNode> listener) {
    try {
      return new ReferencePushGateway(new InetSocketAddress(host, port), listener);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port, e);
    }
  }

  /** Where Parley posts: the value of a {@code --push-gateways} entry. */
  public URI url() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort() + PATH);
  }

  /** Answers every notification from now on with {@code httpStatus} (200 again to "come back"). */
  public void answer(int httpStatus) {
    this.status = httpStatus;
  }

  /** Answers a notification for {@code key} with the key in {@code rejected}: it is dead. */
  public void reject(String key) {
    rejected.add(key);
  }

  /** How many notifications were answered with an error status (while "down"). */
  public int refused() {
    return refused.get();
  }

  /** The notifications accepted (answered 2xx), oldest first: each {@code notification} object. */
  public List<JsonNode> received() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "{\"error\":\"POST only\"}");
        return;
      }
      JsonNode notification;
      try (InputStream in = exchange.getRequestBody()) {
        notification = JSON.readTree(in.readNBytes(MAX_BODY)).path("notification");
      } catch (IOException e) {
        reply(exchange, 400, "{\"error\":\"not JSON\"}");
        return;
      }
      int answer = status;
      if (answer / 100 != 2) {
        refused.incrementAndGet();
        reply(exchange, answer, "{\"error\":\"unavailable\"}");
        return;
      }
      String key = notification.path("device").path("key").asText();
      boolean dead = rejected.contains(key);
      if (!dead) {
        synchronized (received) {
          received.addLast(notification);
          if (received.size() > KEPT) {
            received.removeFirst();
          }
        }
        listener.accept(notification);
      }
      reply(
          exchange,
          answer,
          dead ? JSON.writeValueAsString(java.util.Map.of("rejected", List.of(key))) : "{}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "push-gateway");
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
