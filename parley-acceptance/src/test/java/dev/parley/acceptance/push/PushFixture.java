package dev.parley.acceptance.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.ServerOptions;
import dev.parley.server.push.ReferencePushGateway;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server whose push gateway {@code dev} is a real HTTP gateway on an ephemeral port. */
final class PushFixture implements AutoCloseable {
  static final String PASSWORD = "violet-harbour-71";

  final ReferencePushGateway gateway = ReferencePushGateway.start("127.0.0.1", 0, n -> {});
  final TestServer server;

  PushFixture(Duration coalesce, UnaryOperator<ServerConfig.Builder> more) {
    server =
        TestServer.start(
            c ->
                more.apply(
                        c.toBuilder()
                            .set(ServerOptions.PUSH_GATEWAYS, List.of("dev=" + gateway.url()))
                            .set(ServerOptions.PUSH_COALESCE, coalesce)
                            .set(ServerOptions.PUSH_RETRY_MAX, Duration.ofMillis(500)))
                    .build());
  }

  PushFixture(Duration coalesce) {
    this(coalesce, b -> b);
  }

  /** Registers {@code device} with gateway {@code dev} and push key {@code key}. */
  HttpResponse<String> registerPush(TestDevice device, String key) {
    return server
        .api()
        .send("PUT", "/v1/push", Map.of("gateway", "dev", "key", key), device.token());
  }

  HttpResponse<String> mute(TestDevice device, String conv, Long until) {
    return server
        .api()
        .send(
            "PUT",
            "/v1/mutes/" + conv,
            until == null ? Map.of() : Map.of("until", until),
            device.token());
  }

  /** Notifications the gateway took for push key {@code key}, oldest first. */
  List<JsonNode> receivedBy(String key) {
    return gateway.received().stream()
        .filter(n -> key.equals(n.path("device").path("key").asText()))
        .toList();
  }

  /** The sum of a Prometheus counter's series whose labels contain {@code label}. */
  double metric(String name, String label) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$")
            .matcher(server.metrics());
    double sum = 0;
    while (m.find()) {
      if (m.group(1).contains(label)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  static void assertStatus(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  @Override
  public void close() {
    server.close();
    gateway.close();
  }
}
