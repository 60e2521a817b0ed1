package dev.parley.server.gateway;

import dev.parley.server.config.ServerConfig;
import dev.parley.server.gateway.http.ForwardedClient;
import dev.parley.server.gateway.http.HttpDeadlines;
import dev.parley.server.gateway.http.HttpPipelining;
import dev.parley.server.gateway.http.HttpRouter;
import dev.parley.server.gateway.http.StrictHttpCodec;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetAddress;
import java.util.List;

/**
 * Every connection starts as HTTP; {@link HttpRouter} upgrades {@code /v1/ws} to a WebSocket
 * session. Before anything is read, the client's address is counted against its cap ({@link
 * ConnectionsPerAddress}); from a trusted proxy, that waits for the first request's {@code
 * X-Forwarded-For} ({@link ForwardedClient}).
 *
 * <p>The HTTP pipeline, in order: {@code http-first-byte} (request deadlines start), the codec
 * ({@link StrictHttpCodec}), {@code http-deadlines} ({@link HttpDeadlines}), {@code
 * forwarded-client}, the aggregator, {@code http-order} ({@link HttpPipelining}), the router.
 */
public final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  /** HTTP request bodies (account calls) are small; larger ones get 413. */
  public static final int MAX_HTTP_BODY = 65_536;

  /** The handlers that serve HTTP only; a WebSocket upgrade removes those still present. */
  public static final List<String> HTTP_ONLY =
      List.of("http-first-byte", "http-deadlines", "forwarded-client", "aggregator", "http-order");

  private final GatewayContext context;

  public GatewayInitializer(GatewayContext context) {
    this.context = context;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    InetAddress peer = ch.remoteAddress().getAddress();
    boolean proxied = context.proxies().contains(peer);
    if (!proxied && !context.perAddress().admit(ch, peer)) {
      context.connections().metrics().rejected("too_many_connections_per_address");
      ch.close();
      return;
    }
    if (context.ssl() != null) {
      ch.pipeline().addLast("tls", context.ssl().newHandler(ch.alloc()));
    }
    ChannelPipeline p = ch.pipeline();
    addHttp(p, context.config(), MAX_HTTP_BODY);
    if (proxied) {
      p.addAfter(
          "http-deadlines",
          "forwarded-client",
          new ForwardedClient(
              peer, context.proxies(), context.perAddress(), context.connections().metrics()));
    }
    p.addLast("router", new HttpRouter(context));
  }

  /**
   * The HTTP stack without a router: deadlines, the strict codec, aggregation and in-order answers.
   * Shared with the admin listener.
   */
  public static void addHttp(ChannelPipeline p, ServerConfig config, int maxBody) {
    HttpDeadlines deadlines = new HttpDeadlines(config);
    StrictHttpCodec codec = new StrictHttpCodec();
    ChannelHandler firstByte = deadlines.firstByteWatcher();
    p.addLast("http-first-byte", firstByte)
        .addLast("http-decoder", codec.decoder())
        .addLast("http-encoder", codec.encoder())
        .addLast("http-deadlines", deadlines)
        .addLast("aggregator", new HttpObjectAggregator(maxBody))
        .addLast("http-order", new HttpPipelining());
  }
}
