package dev.parley.server.gateway.websocket;

import dev.parley.core.account.Principal;
import dev.parley.core.feed.DeviceSession;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ServerFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A device session on a Netty channel. Safe to call from any thread: Netty queues writes on the
 * loop. A device that does not read cannot make the server buffer without bound: once more than the
 * channel's high-water mark is queued, the connection is cut (4010) and the device catches up from
 * its cursor when it reconnects — its feed is durable, so nothing is lost.
 */
final class NettyDeviceSession implements DeviceSession {
  private final Channel channel;
  private final Principal principal;
  private final FrameCodec codec;
  private final ParleyMetrics metrics;
  private final AtomicBoolean cut = new AtomicBoolean();

  NettyDeviceSession(
      Channel channel, Principal principal, FrameCodec codec, ParleyMetrics metrics) {
    this.channel = channel;
    this.principal = principal;
    this.codec = codec;
    this.metrics = metrics;
  }

  @Override
  public String userId() {
    return principal.userId();
  }

  @Override
  public String deviceId() {
    return principal.deviceId();
  }

  @Override
  public CompletableFuture<Void> push(ServerFrame frame) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!channel.isWritable()) {
      if (channel.isActive() && cut.compareAndSet(false, true)) {
        metrics.rejected("slow_consumer");
        // The close frame would queue behind what the device is not reading; end the connection
        // now.
        channel.writeAndFlush(
            new CloseWebSocketFrame(CloseCodes.SLOW_CONSUMER, "slow consumer; reconnect and sync"));
        channel.close();
      }
      done.completeExceptionally(new IllegalStateException("connection not writable"));
      return done;
    }
    return write(frame, done);
  }

  @Override
  public CompletableFuture<Void> pushPaced(ServerFrame frame) {
    return write(frame, new CompletableFuture<>());
  }

  private CompletableFuture<Void> write(ServerFrame frame, CompletableFuture<Void> done) {
    channel
        .writeAndFlush(new TextWebSocketFrame(codec.encode(frame)))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                done.complete(null);
              } else {
                done.completeExceptionally(f.cause());
              }
            });
    return done;
  }

  @Override
  public void close(int code, String reason) {
    Closing.close(channel, code, reason);
  }

  /** Sends a close frame with a code, then closes the TCP connection. */
  static final class Closing {
    private Closing() {}

    static void close(Channel channel, int code, String reason) {
      channel
          .writeAndFlush(new CloseWebSocketFrame(code, reason))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
