package dev.parley.server.gateway;

import dev.parley.server.gateway.http.HttpRouter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Every connection starts as HTTP; {@link HttpRouter} upgrades {@code /v1/ws} to a WebSocket
 * session.
 */
public final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  /** HTTP request bodies (account calls) are small; larger ones get 413. */
  public static final int MAX_HTTP_BODY = 65_536;

  private final GatewayContext context;

  public GatewayInitializer(GatewayContext context) {
    this.context = context;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (context.ssl() != null) {
      ch.pipeline().addLast("tls", context.ssl().newHandler(ch.alloc()));
    }
    ch.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregator", new HttpObjectAggregator(MAX_HTTP_BODY))
        .addLast("router", new HttpRouter(context));
  }
}
