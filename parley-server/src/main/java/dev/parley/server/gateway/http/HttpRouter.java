package dev.parley.server.gateway.http;

import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.websocket.WebSocketUpgrade;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Routes HTTP requests: health, the account API, the WebSocket upgrade and the web client's files.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String DEVICES = "/v1/devices/";
  private static final StaticAssets ASSETS = new StaticAssets();

  private final GatewayContext context;
  private final AccountsApi accounts;

  public HttpRouter(GatewayContext context) {
    this.context = context;
    this.accounts = new AccountsApi(context);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (!req.decoderResult().isSuccess()) {
      HttpResponses.error(
          ctx, false, HttpResponseStatus.BAD_REQUEST, "invalid_request", "malformed HTTP request");
      return;
    }
    String path = new QueryStringDecoder(req.uri()).path();
    HttpMethod method = req.method();
    if (path.equals(WebSocketUpgrade.PATH)) {
      WebSocketUpgrade.upgrade(ctx, req.retain(), context);
    } else if (path.equals("/healthz")) {
      onlyGet(
          ctx,
          method,
          keepAlive,
          () -> HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, Map.of("status", "ok")));
    } else if (path.equals("/readyz")) {
      onlyGet(
          ctx,
          method,
          keepAlive,
          () -> {
            boolean ready = context.ready().getAsBoolean();
            HttpResponses.json(
                ctx,
                keepAlive,
                ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                Map.of("status", ready ? "ready" : "unavailable"));
          });
    } else if (path.equals("/metrics")) {
      onlyGet(
          ctx,
          method,
          keepAlive,
          () ->
              HttpResponses.send(
                  ctx,
                  keepAlive,
                  HttpResponseStatus.OK,
                  context.prometheus().scrape().getBytes(StandardCharsets.UTF_8),
                  "text/plain; version=0.0.4; charset=utf-8"));
    } else if (path.equals("/v1/settings")) {
      if (method.equals(HttpMethod.PUT)) {
        accounts.saveSettings(ctx, req, keepAlive);
      } else {
        onlyGet(ctx, method, keepAlive, () -> accounts.settings(ctx, req, keepAlive));
      }
    } else if (path.equals("/v1/accounts")) {
      only(ctx, method, HttpMethod.POST, keepAlive, () -> accounts.register(ctx, req, keepAlive));
    } else if (path.equals("/v1/sessions")) {
      only(ctx, method, HttpMethod.POST, keepAlive, () -> accounts.login(ctx, req, keepAlive));
    } else if (path.equals("/v1/devices")) {
      onlyGet(ctx, method, keepAlive, () -> accounts.devices(ctx, req, keepAlive));
    } else if (path.startsWith(DEVICES) && path.length() > DEVICES.length()) {
      only(
          ctx,
          method,
          HttpMethod.DELETE,
          keepAlive,
          () -> accounts.revoke(ctx, req, keepAlive, path.substring(DEVICES.length())));
    } else {
      Optional<StaticAssets.Asset> asset =
          method.equals(HttpMethod.GET) ? ASSETS.find(path) : Optional.empty();
      if (asset.isPresent()) {
        HttpResponses.send(
            ctx, keepAlive, HttpResponseStatus.OK, asset.get().body(), asset.get().contentType());
      } else {
        HttpResponses.error(
            ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found", "no such path: " + path);
      }
    }
  }

  private static void onlyGet(
      ChannelHandlerContext ctx, HttpMethod method, boolean keepAlive, Runnable action) {
    only(ctx, method, HttpMethod.GET, keepAlive, action);
  }

  private static void only(
      ChannelHandlerContext ctx,
      HttpMethod method,
      HttpMethod allowed,
      boolean keepAlive,
      Runnable action) {
    if (method.equals(allowed)) {
      action.run();
    } else {
      HttpResponses.error(
          ctx,
          keepAlive,
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          "method_not_allowed",
          "use " + allowed);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
