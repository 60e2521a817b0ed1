package dev.parley.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.push.PushDelivery;
import dev.parley.core.push.PushNotification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Delivers notifications to the configured gateways: one JSON POST each (docs/push.md), through the
 * JDK's HTTP client on two threads of its own, never the event loops or the push thread.
 *
 * <p>An answer maps to what becomes of the notification: 2xx is accepted, unless the body's {@code
 * rejected} list names the key (as Matrix's push gateway API does), which like 404 and 410 means
 * the key is dead; 408, 429 and 5xx, a timeout or no connection are retried; any other status is a
 * refusal for good.
 */
public final class HttpPushGateways implements PushDelivery, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, URI> gateways;
  private final Duration timeout;
  private final ExecutorService threads;
  private final HttpClient client;

  public HttpPushGateways(Map<String, URI> gateways, Duration timeout) {
    this.gateways = Map.copyOf(gateways);
    this.timeout = timeout;
    this.threads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "parley-push-http");
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .executor(threads)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public CompletionStage<Outcome> deliver(PushNotification n) {
    URI uri = gateways.get(n.target().gateway());
    if (uri == null) {
      // A gateway removed from the configuration since the device registered.
      return CompletableFuture.completedFuture(Outcome.KEY_REJECTED);
    }
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(Map.of("notification", payload(n)));
    } catch (IOException e) {
      return CompletableFuture.completedFuture(Outcome.FAILED);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> outcome(response, n.target().key()));
  }

  /** The JSON a gateway receives, documented in docs/push.md. */
  static Map<String, Object> payload(PushNotification n) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", n.id());
    p.put("type", n.kind().wire());
    p.put("user", n.target().userId());
    p.put("device", Map.of("id", n.target().deviceId(), "key", n.target().key()));
    p.put("conv", n.conv());
    p.put("seq", n.seq());
    if (n.kind() == PushNotification.Kind.MESSAGE) {
      Map<String, Object> from = new LinkedHashMap<>();
      from.put("userId", n.from());
      from.put("handle", n.fromHandle());
      p.put("from", from);
      p.put("unread", n.unread());
      if (n.body() != null) {
        p.put("body", n.body());
      }
    }
    p.put("ts", n.createdAt());
    return p;
  }

  static Outcome outcome(HttpResponse<byte[]> response, String key) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return rejects(response.body(), key) ? Outcome.KEY_REJECTED : Outcome.ACCEPTED;
    }
    if (status == 404 || status == 410) {
      return Outcome.KEY_REJECTED;
    }
    if (status == 408 || status == 429 || status >= 500) {
      return Outcome.RETRY;
    }
    return Outcome.FAILED;
  }

  private static boolean rejects(byte[] body, String key) {
    if (body == null || body.length == 0) {
      return false;
    }
    try {
      JsonNode rejected = JSON.readTree(body).path("rejected");
      for (JsonNode k : rejected) {
        if (key.equals(k.asText())) {
          return true;
        }
      }
    } catch (IOException e) {
      // Not JSON: a 2xx is still an acceptance.
    }
    return false;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
