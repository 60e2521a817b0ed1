package dev.parley.bench.client;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One open client WebSocket. {@link #send} may be called from any thread, but calling it on the
 * connection's own {@link #eventLoop()} avoids a thread hop, which matters at tens of thousands of
 * frames per second on two cores.
 */
public final class WsConnection {
  private final Channel channel;

  WsConnection(Channel channel) {
    this.channel = channel;
  }

  /** Sends one text frame and flushes it. */
  public void send(String text) {
    channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
  }

  /** Queues one text frame without flushing; pair with {@link #flush()} to batch a burst. */
  public void write(String text) {
    channel.write(new TextWebSocketFrame(text), channel.voidPromise());
  }

  public void flush() {
    channel.flush();
  }

  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Starts a normal close (1000) and drops the TCP connection once the close frame is written. */
  public void close() {
    if (channel.isActive()) {
      channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(f -> channel.close());
    }
  }
}
