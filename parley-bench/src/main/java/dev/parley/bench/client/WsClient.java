package dev.parley.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A lean WebSocket client for load generation: plain NIO event loops, no TLS, no compression, one
 * pipeline per socket. The few options a load generator needs are here: an {@code Authorization}
 * header on the upgrade request and a chosen local address, so that more than one source IP on the
 * loopback can be used once the ephemeral ports of 127.0.0.1 run out.
 */
public final class WsClient implements AutoCloseable {
  private static final int MAX_FRAME_BYTES = 1 << 20;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;

  public WsClient(int threads) {
    group = new NioEventLoopGroup(threads);
    bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
  }

  /**
   * Opens a WebSocket to {@code uri}. {@code bearerToken} (nullable) goes into the upgrade request,
   * {@code localAddress} (nullable) is the source IP to bind. The future completes after the
   * handshake.
   */
  public CompletableFuture<WsConnection> connect(
      URI uri, String bearerToken, String localAddress, WsListener listener) {
    return connect(uri, bearerToken, localAddress, listener, group);
  }

  /**
   * As {@link #connect(URI, String, String, WsListener)}, on the event loop {@code loop}: a
   * listener confined to one thread keeps it across a reconnect.
   */
  public CompletableFuture<WsConnection> reconnect(
      URI uri, String bearerToken, WsListener listener, EventLoop loop) {
    return connect(uri, bearerToken, null, listener, loop);
  }

  private CompletableFuture<WsConnection> connect(
      URI uri, String bearerToken, String localAddress, WsListener listener, EventLoopGroup loops) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (bearerToken != null) {
      headers.set("Authorization", "Bearer " + bearerToken);
    }
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .customHeaders(headers)
            .maxFramePayloadLength(MAX_FRAME_BYTES)
            .handleCloseFrames(false)
            .dropPongFrames(true)
            .handshakeTimeoutMillis(30_000)
            .build();
    CompletableFuture<WsConnection> connected = new CompletableFuture<>();
    Bootstrap b =
        bootstrap
            .clone(loops)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(65_536))
                        .addLast(new WebSocketClientProtocolHandler(config))
                        .addLast(new WebSocketFrameAggregator(MAX_FRAME_BYTES))
                        .addLast(new WsFrameHandler(listener, connected));
                  }
                });
    InetSocketAddress remote = new InetSocketAddress(uri.getHost(), port(uri));
    ChannelFuture future =
        localAddress == null
            ? b.connect(remote)
            : b.connect(remote, new InetSocketAddress(localAddress, 0));
    future.addListener(
        f -> {
          if (!f.isSuccess()) {
            connected.completeExceptionally(f.cause());
          }
        });
    return connected;
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "wss".equals(uri.getScheme()) ? 443 : 80;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
