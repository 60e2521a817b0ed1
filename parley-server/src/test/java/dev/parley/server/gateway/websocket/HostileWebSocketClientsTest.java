package dev.parley.server.gateway.websocket;

import static dev.parley.server.config.ServerOptions.AUTH_TIMEOUT;
import static dev.parley.server.config.ServerOptions.MAX_OUTBOUND_BYTES;
import static dev.parley.server.config.ServerOptions.RATE_BAD_FRAMES;
import static dev.parley.server.gateway.websocket.WebSocketBytes.UPGRADE;
import static dev.parley.server.gateway.websocket.WebSocketBytes.clientFrame;
import static dev.parley.server.gateway.websocket.WebSocketBytes.serverFrames;
import static dev.parley.server.gateway.websocket.WebSocketBytes.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.CloseCodes;
import dev.parley.server.config.Rate;
import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.GatewayFixtures;
import dev.parley.server.gateway.GatewayFixtures.StalledSocket;
import dev.parley.server.gateway.websocket.WebSocketBytes.Frame;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket side of the gateway against clients that do not play along, over the real HTTP
 * stack and upgrade (EmbeddedChannel, bytes in and out).
 */
class HostileWebSocketClientsTest {
  private static final int MAX_OUTBOUND = 64 * 1024;

  private final GatewayFixtures fixtures = new GatewayFixtures();
  private final StalledSocket socket = new StalledSocket(false);
  private final GatewayContext context =
      fixtures.context(
          c ->
              c.set(AUTH_TIMEOUT, Duration.ofSeconds(10))
                  .set(MAX_OUTBOUND_BYTES, MAX_OUTBOUND)
                  // Unlimited bad frames: these tests are about the outbound bound, which must
                  // hold whatever the bad-frame budget (tested in BadFramesTest) lets through.
                  .set(RATE_BAD_FRAMES, new Rate(1_000_000, 1_000_000)));
  private final EmbeddedChannel channel = GatewayFixtures.gateway(context, socket);

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void invalidUtf8InATextFrameClosesWith1007() {
    upgrade();
    channel.writeInbound(clientFrame(WebSocketBytes.TEXT, new byte[] {'{', (byte) 0xC3, 0x28}));

    List<Frame> frames = serverFrames(channel);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).opcode()).isEqualTo(WebSocketBytes.CLOSE);
    assertThat(frames.get(0).closeCode()).isEqualTo(1007);
    // Frames after the violation are dropped while the close frame is read.
    channel.writeInbound(text("{\"type\":\"ping\"}"));
    assertThat(serverFrames(channel)).isEmpty();
    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void anUnauthenticatedPingFloodQueuesOnePongAndTheAuthTimeoutStillCloses() {
    upgrade();
    socket.stall();
    byte[] payload = "x".repeat(125).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 10_000; i++) {
      channel.writeInbound(clientFrame(WebSocketBytes.PING, payload));
    }
    assertThat(pendingBytes()).isLessThan(1_000);
    assertThat(channel.isActive()).isTrue();

    channel.advanceTimeBy(10, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    // Closed although the close frame is stuck behind the unread pong.
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void errorRepliesCountAgainstTheBoundAndStopTheReading() {
    upgrade();
    // Authenticating: the token check never returns, so bad frames are answered with errors.
    channel.writeInbound(text("{\"type\":\"auth\",\"token\":\"t\"}"));
    socket.stall();
    boolean stoppedReading = false;
    for (int i = 0; i < 10_000 && channel.isActive(); i++) {
      channel.writeInbound(text("{}"));
      stoppedReading |= !channel.config().isAutoRead();
      assertThat(pendingBytes()).isLessThanOrEqualTo(MAX_OUTBOUND);
    }
    assertThat(stoppedReading).isTrue();
    // This test keeps writing after the server stopped reading: then the bound cuts.
    assertThat(channel.isActive()).isFalse();
    assertThat(fixtures.rejected("slow_consumer")).isEqualTo(1.0);
  }

  @Test
  void aClientCloseIsAnsweredAndTheConnectionEnds() {
    upgrade();
    channel.writeInbound(clientFrame(WebSocketBytes.CLOSE, new byte[] {0x03, (byte) 0xE8}));
    List<Frame> frames = serverFrames(channel);
    assertThat(frames).extracting(Frame::opcode).containsExactly(WebSocketBytes.CLOSE);
    assertThat(frames.get(0).closeCode()).isEqualTo(1000);
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void theAuthTimeoutClosesWith4008WhenTheClientReads() {
    upgrade();
    channel.advanceTimeBy(10, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    List<Frame> frames = serverFrames(channel);
    assertThat(frames).extracting(Frame::closeCode).containsExactly(CloseCodes.AUTH_TIMEOUT);
    assertThat(channel.isActive()).isFalse();
  }

  private void upgrade() {
    GatewayFixtures.send(channel, UPGRADE);
    String response = GatewayFixtures.outboundText(channel);
    assertThat(response).startsWith("HTTP/1.1 101");
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  private long pendingBytes() {
    return channel.unsafe().outboundBuffer() == null
        ? 0
        : channel.unsafe().outboundBuffer().totalPendingWriteBytes();
  }
}
