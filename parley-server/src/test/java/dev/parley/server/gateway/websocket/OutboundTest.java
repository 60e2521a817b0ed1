package dev.parley.server.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.protocol.CloseCodes;
import dev.parley.server.gateway.GatewayFixtures.StalledSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Everything sent to a client shares one bound; a client that does not read is not read. */
class OutboundTest {
  private static final int MAX = 64 * 1024;
  private static final long STALL_MS = 10_000;

  private final ParleyMetrics metrics = ParleyMetrics.inMemory();
  private final StalledSocket socket = new StalledSocket(true);
  private EmbeddedChannel channel;
  private Outbound outbound;

  @BeforeEach
  void connect() {
    channel = new EmbeddedChannel(socket);
    channel.freezeTime();
    channel.config().setWriteBufferWaterMark(Outbound.waterMark(MAX));
    outbound = new Outbound(channel, MAX, STALL_MS, metrics);
    // What WebSocketSessionHandler does on writability changes.
    channel
        .pipeline()
        .addLast(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                outbound.writabilityChanged();
              }
            });
  }

  @Test
  void aClientThatDoesNotReadIsCutAtTheBoundWithSlowConsumer() {
    List<ChannelFuture> writes = new ArrayList<>();
    for (int i = 0; i < 100 && channel.isActive(); i++) {
      writes.add(outbound.send(text(1_000)));
      assertThat(outbound.queuedBytes()).isLessThanOrEqualTo(MAX);
    }
    assertThat(channel.isActive()).isFalse();
    assertThat(writes.get(writes.size() - 1).cause()).hasMessageContaining("slow consumer");
    assertThat(metrics.registry().find("parley.frames.rejected").tag("reason", "slow_consumer"))
        .satisfies(c -> assertThat(c.counter().count()).isEqualTo(1.0));
  }

  @Test
  void aClientThatDoesNotReadStopsBeingReadUntilItDrains() {
    assertThat(channel.config().isAutoRead()).isTrue();
    while (channel.isWritable()) {
      outbound.send(text(1_000));
    }
    assertThat(channel.config().isAutoRead()).isFalse();
    assertThat(channel.isActive()).isTrue();

    socket.drain();

    assertThat(channel.isWritable()).isTrue();
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(outbound.queuedBytes()).isZero();
    releaseAll();
  }

  @Test
  void aClientThatStopsReadingIsCutOnceItHasTakenNothingForTheStallTime() {
    while (channel.isWritable()) {
      outbound.send(text(1_000));
    }
    elapse(STALL_MS - 1);
    assertThat(channel.isActive()).isTrue();

    elapse(1);

    assertThat(channel.isActive()).isFalse();
    assertThat(metrics.registry().find("parley.frames.rejected").tag("reason", "stalled"))
        .satisfies(c -> assertThat(c.counter().count()).isEqualTo(1.0));
  }

  @Test
  void aSlowReaderThatDrainsWithinTheStallTimeIsNeverCut() {
    for (int round = 0; round < 3; round++) {
      while (channel.isWritable()) {
        outbound.sendPaced(text(1_000));
      }
      elapse(STALL_MS - 1);
      socket.drain();
      releaseAll();
      socket.stall();
    }
    elapse(STALL_MS - 1);
    assertThat(channel.isActive()).isTrue();
  }

  /** Lets time pass in small steps, so that periodic tasks run as often as they would. */
  private void elapse(long ms) {
    for (long left = ms; left > 0; left -= Math.min(left, 100)) {
      channel.advanceTimeBy(Math.min(left, 100), TimeUnit.MILLISECONDS);
      channel.runScheduledPendingTasks();
    }
  }

  @Test
  void catchUpFramesAreCountedButNotCut() {
    outbound.sendPaced(text(MAX));
    assertThat(channel.isActive()).isTrue();
    assertThat(outbound.queuedBytes()).isGreaterThan(MAX);
    // A live push on top of it is over the bound.
    outbound.send(text(10));
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void pongsAnswerOnlyTheLatestPingWhileTheClientIsNotReading() {
    for (int i = 0; i < 10_000; i++) {
      outbound.pong(Unpooled.copiedBuffer("ping " + i, StandardCharsets.UTF_8));
    }
    assertThat(outbound.queuedBytes()).as("one pong").isLessThan(200);

    socket.drain();

    List<String> pongs = new ArrayList<>();
    Object msg;
    while ((msg = channel.readOutbound()) != null) {
      PongWebSocketFrame pong = (PongWebSocketFrame) msg;
      pongs.add(pong.content().toString(StandardCharsets.UTF_8));
      pong.release();
    }
    assertThat(pongs).containsExactly("ping 0", "ping 9999");
  }

  @Test
  void noPongWhileNotWritable() {
    while (channel.isWritable()) {
      outbound.sendPaced(text(1_000));
    }
    long queued = outbound.queuedBytes();
    outbound.pong(Unpooled.copiedBuffer("p", StandardCharsets.UTF_8));
    assertThat(outbound.queuedBytes()).isEqualTo(queued);
    channel.close();
  }

  @Test
  void aCloseDoesNotWaitLongBehindUnreadFrames() {
    channel.freezeTime();
    outbound.send(text(1_000));
    outbound.close(CloseCodes.UNAUTHORIZED, "bye");
    // Later frames are dropped.
    assertThat(outbound.send(text(10)).isSuccess()).isFalse();
    assertThat(channel.isActive()).isTrue();

    channel.advanceTimeBy(Outbound.CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();

    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void aCloseEndsTheConnectionOnceItsFrameIsWritten() {
    outbound.close(CloseCodes.REPLACED, "replaced");
    assertThat(channel.isActive()).isTrue();
    socket.drain();
    assertThat(channel.isActive()).isFalse();
    WebSocketFrame close = channel.readOutbound();
    assertThat(((CloseWebSocketFrame) close).statusCode()).isEqualTo(CloseCodes.REPLACED);
    close.release();
  }

  @Test
  void abortClosesAtOnce() {
    outbound.send(text(1_000));
    assertThat(outbound.abort(CloseCodes.AUTH_TIMEOUT, "late")).isTrue();
    assertThat(channel.isActive()).isFalse();
    assertThat(outbound.queuedBytes()).isZero();
    assertThat(outbound.abort(CloseCodes.AUTH_TIMEOUT, "late")).isFalse();
  }

  @Test
  void waterMarksSitWellBelowTheBound() {
    assertThat(Outbound.waterMark(4 << 20).high()).isEqualTo(256 * 1024);
    assertThat(Outbound.waterMark(256 * 1024).high()).isEqualTo(64 * 1024);
    assertThat(Outbound.waterMark(256 * 1024).low()).isEqualTo(32 * 1024);
  }

  private static TextWebSocketFrame text(int bytes) {
    ByteBuf b = Unpooled.buffer(bytes);
    b.writeZero(bytes);
    return new TextWebSocketFrame(b);
  }

  private void releaseAll() {
    Object msg;
    while ((msg = channel.readOutbound()) != null) {
      ((WebSocketFrame) msg).release();
    }
  }
}
