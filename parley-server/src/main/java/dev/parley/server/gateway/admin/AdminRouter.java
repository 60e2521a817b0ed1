package dev.parley.server.gateway.admin;

import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.http.HttpResponses;
import dev.parley.server.gateway.http.Probes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}, {@code /healthz}, {@code /readyz}; anything else is 404. */
final class AdminRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final GatewayContext context;

  AdminRouter(GatewayContext context) {
    this.context = context;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
    String path = new QueryStringDecoder(req.uri()).path();
    if (!req.decoderResult().isSuccess() || !req.method().equals(HttpMethod.GET)) {
      HttpResponses.error(
          ctx, false, HttpResponseStatus.BAD_REQUEST, "invalid_request", "GET only");
    } else if (path.equals("/metrics")) {
      HttpResponses.send(
          ctx,
          keepAlive,
          HttpResponseStatus.OK,
          context.prometheus().scrape().getBytes(StandardCharsets.UTF_8),
          "text/plain; version=0.0.4; charset=utf-8");
    } else if (path.equals("/healthz")) {
      Probes.healthz(ctx, keepAlive);
    } else if (path.equals("/readyz")) {
      Probes.readyz(ctx, keepAlive, context.ready());
    } else {
      HttpResponses.error(
          ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found", "no such path: " + path);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
