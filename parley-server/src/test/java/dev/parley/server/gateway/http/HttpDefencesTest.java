package dev.parley.server.gateway.http;

import static dev.parley.server.config.ServerOptions.ALLOWED_ORIGINS;
import static dev.parley.server.config.ServerOptions.HTTP_BODY_TIMEOUT;
import static dev.parley.server.config.ServerOptions.HTTP_HEADER_TIMEOUT;
import static dev.parley.server.config.ServerOptions.HTTP_IDLE_TIMEOUT;
import static dev.parley.server.gateway.GatewayFixtures.outboundText;
import static dev.parley.server.gateway.GatewayFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.GatewayFixtures;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client port's HTTP stack against hostile requests, in bytes over an EmbeddedChannel: framing,
 * deadlines, pipelining, origins, content types and the headers every response carries.
 */
class HttpDefencesTest {
  private final GatewayFixtures fixtures = new GatewayFixtures();
  private final GatewayContext context =
      fixtures.context(
          c ->
              c.set(HTTP_HEADER_TIMEOUT, Duration.ofSeconds(5))
                  .set(HTTP_BODY_TIMEOUT, Duration.ofSeconds(7))
                  .set(HTTP_IDLE_TIMEOUT, Duration.ofSeconds(20))
                  .set(ALLOWED_ORIGINS, List.of("https://app.example.com")));
  private final EmbeddedChannel channel = GatewayFixtures.gateway(context);

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void contentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed() {
    send(
        channel,
        "POST /v1/sessions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
    String out = outboundText(channel);
    assertThat(out).startsWith("HTTP/1.1 400").contains("Transfer-Encoding");
    assertThat(out).doesNotContain("HTTP/1.1 200");
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void transferCodingsOtherThanChunkedAreRefused() {
    send(
        channel,
        "POST /v1/sessions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
    assertThat(outboundText(channel)).startsWith("HTTP/1.1 400");
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void headersThatTrickleInPastTheHeaderTimeoutGet408AndAClose() {
    send(channel, "GET /healthz HTTP/1.1\r\nHost: a\r\n");
    channel.advanceTimeBy(4, TimeUnit.SECONDS);
    send(channel, "X-Slow: 1\r\n");
    channel.runScheduledPendingTasks();
    assertThat(channel.isActive()).isTrue();

    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(outboundText(channel)).startsWith("HTTP/1.1 408");
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() {
    channel.advanceTimeBy(5, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(outboundText(channel)).isEmpty();
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void aBodyThatTricklesInPastTheBodyTimeoutGets408() {
    send(
        channel,
        "POST /v1/sessions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100\r\n\r\n{\"handle\":");
    channel.advanceTimeBy(6, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isActive()).isTrue();
    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(outboundText(channel)).startsWith("HTTP/1.1 408");
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() {
    send(channel, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(outboundText(channel)).startsWith("HTTP/1.1 200");
    channel.advanceTimeBy(19, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isActive()).isTrue();
    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(outboundText(channel)).isEmpty();
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void noDeadlineRunsWhileTheServerOwesAResponse() {
    send(channel, post("/v1/accounts", "application/json", "{}"));
    channel.advanceTimeBy(10, TimeUnit.MINUTES);
    channel.runScheduledPendingTasks();
    assertThat(channel.isActive()).isTrue();
    fixtures.runOffloaded();
    // No account store here: the offloaded work fails, and says so.
    assertThat(outboundText(channel)).startsWith("HTTP/1.1 503");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    send(
        channel,
        post("/v1/accounts", "application/json", "{}")
            + "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n");
    // The account call runs elsewhere; the health check behind it waits its turn.
    assertThat(outboundText(channel)).isEmpty();
    fixtures.runOffloaded();
    channel.runPendingTasks();
    String out = outboundText(channel);
    assertThat(out.indexOf("HTTP/1.1 503")).isZero();
    assertThat(out.indexOf("HTTP/1.1 200")).isGreaterThan(0);
    assertThat(out.indexOf("HTTP/1.1 404")).isGreaterThan(out.indexOf("HTTP/1.1 200"));
  }

  @Test
  void aResponseToHeadHasNoBody() {
    send(
        channel,
        "HEAD /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
    String out = outboundText(channel);
    assertThat(out).startsWith("HTTP/1.1 405");
    assertThat(out.substring(out.indexOf("\r\n\r\n") + 4)).startsWith("HTTP/1.1 200");
  }

  @Test
  void aForeignPageMayNotUseTheApiOrOpenAWebSocket() {
    send(
        channel,
        "POST /v1/accounts HTTP/1.1\r\nHost: chat.example.com\r\nOrigin: https://evil.example\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    assertThat(outboundText(channel)).startsWith("HTTP/1.1 403").contains("forbidden_origin");
    send(
        channel,
        "GET /v1/ws HTTP/1.1\r\nHost: chat.example.com\r\nOrigin: https://evil.example\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    assertThat(outboundText(channel)).startsWith("HTTP/1.1 403");
    assertThat(fixtures.offloaded).isEmpty();
  }

  @Test
  void theServersOwnPagesConfiguredOriginsAndNonBrowsersMayUseTheApi() {
    for (String origin :
        List.of(
            "Origin: http://chat.example.com:7070\r\n",
            "Origin: https://app.example.com\r\n",
            "")) {
      send(
          channel,
          "POST /v1/accounts HTTP/1.1\r\nHost: chat.example.com:7070\r\n"
              + origin
              + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
      assertThat(fixtures.offloaded).as(origin).hasSize(1);
      fixtures.runOffloaded();
      assertThat(outboundText(channel)).startsWith("HTTP/1.1 503");
    }
  }

  @Test
  void apiBodiesMustBeJson() {
    send(channel, post("/v1/accounts", "text/plain", "{\"handle\":\"a\"}"));
    assertThat(outboundText(channel)).startsWith("HTTP/1.1 415");
    send(channel, post("/v1/sessions", "application/json; charset=utf-8", "{}"));
    assertThat(fixtures.offloaded).hasSize(1);
  }

  @Test
  void theWebClientIsServedWithAStrictContentSecurityPolicy() {
    send(channel, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    String out = outboundText(channel).toLowerCase();
    assertThat(out)
        .startsWith("http/1.1 200")
        .contains("content-security-policy: default-src 'self'; script-src 'self'")
        .contains("frame-ancestors 'none'")
        .contains("x-frame-options: deny")
        .contains("referrer-policy: no-referrer")
        .contains("x-content-type-options: nosniff")
        .contains("<html");
  }

  @Test
  void jsonResponsesAreNeverCached() {
    send(channel, "GET /v1/devices HTTP/1.1\r\nHost: a\r\n\r\n");
    fixtures.runOffloaded();
    assertThat(outboundText(channel).toLowerCase())
        .contains("cache-control: no-store")
        .contains("x-frame-options: deny");
  }

  @Test
  void metricsAreNotOnTheClientPort() {
    send(channel, "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(outboundText(channel)).startsWith("HTTP/1.1 404");
  }

  private static String post(String path, String type, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: a\r\nContent-Type: "
        + type
        + "\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }
}
