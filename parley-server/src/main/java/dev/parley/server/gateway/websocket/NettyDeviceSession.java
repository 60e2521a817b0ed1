package dev.parley.server.gateway.websocket;

import dev.parley.core.account.Principal;
import dev.parley.core.feed.DeviceSession;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ServerFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.CompletableFuture;

/** A device session on a Netty channel. Safe to call from any thread: Netty queues writes on the loop. */
final class NettyDeviceSession implements DeviceSession {
  private final Channel channel;
  private final Principal principal;
  private final FrameCodec codec;

  NettyDeviceSession(Channel channel, Principal principal, FrameCodec codec) {
    this.channel = channel;
    this.principal = principal;
    this.codec = codec;
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
    channel.writeAndFlush(new TextWebSocketFrame(codec.encode(frame))).addListener(f -> {
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
      channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
