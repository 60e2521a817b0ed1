package dev.parley.server.gateway.http;

import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.server.gateway.ConnectionsPerAddress;
import dev.parley.server.gateway.TrustedProxies;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;

/**
 * On a connection from a trusted proxy, the client is named by the first request's {@code
 * X-Forwarded-For}: that address is counted against its cap ({@link ConnectionsPerAddress}) and
 * recorded as the connection's client. Over the cap the request gets 429 and the connection is
 * closed. Removes itself once the client is known. (A proxy that reuses one upstream connection for
 * several clients is counted by the first; nginx, as configured in cluster/, does not.)
 */
public final class ForwardedClient extends ChannelInboundHandlerAdapter {
  private final InetAddress proxy;
  private final TrustedProxies proxies;
  private final ConnectionsPerAddress perAddress;
  private final ParleyMetrics metrics;
  private boolean refused;

  public ForwardedClient(
      InetAddress proxy,
      TrustedProxies proxies,
      ConnectionsPerAddress perAddress,
      ParleyMetrics metrics) {
    this.proxy = proxy;
    this.proxies = proxies;
    this.perAddress = perAddress;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof HttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    InetAddress client = proxies.clientOf(proxy, request.headers().getAll("X-Forwarded-For"));
    if (perAddress.admit(ctx.channel(), client)) {
      ctx.pipeline().remove(this);
      ctx.fireChannelRead(msg);
      return;
    }
    refused = true;
    ReferenceCountUtil.release(msg);
    metrics.rejected("too_many_connections_per_address");
    HttpResponses.error(
        ctx,
        false,
        HttpResponseStatus.TOO_MANY_REQUESTS,
        "too_many_connections",
        "too many open connections from your address; close some and retry");
  }
}
