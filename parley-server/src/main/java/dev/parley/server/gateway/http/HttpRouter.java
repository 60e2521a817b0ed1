package dev.parley.server.gateway.http;

import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.websocket.WebSocketUpgrade;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Optional;
import java.util.Set;

/**
 * Routes HTTP requests: health, the account API, the WebSocket upgrade and the web client's files.
 * API calls ({@code /v1/...}, the upgrade included) from a foreign web page get 403 ({@link
 * OriginPolicy}); API bodies must be JSON (415). Metrics are on the admin listener, not here.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String API = "/v1/";
  private static final String DEVICES = "/v1/devices/";
  private static final Set<HttpMethod> JSON_BODIES = Set.of(HttpMethod.POST, HttpMethod.PUT);
  private static final StaticAssets ASSETS = new StaticAssets();

  private final GatewayContext context;
  private final AccountsApi accounts;
  private final PushApi push;
  private final OriginPolicy origins;

  public HttpRouter(GatewayContext context) {
    this.context = context;
    this.accounts = new AccountsApi(context);
    this.push = new PushApi(context);
    this.origins = context.origins();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (!req.decoderResult().isSuccess()) {
      // Closed after the answer: where this request ends, and the next begins, is unknown.
      Throwable cause = req.decoderResult().cause();
      HttpResponses.error(
          ctx,
          false,
          HttpResponseStatus.BAD_REQUEST,
          "invalid_request",
          "malformed HTTP request" + (cause == null ? "" : ": " + cause.getMessage()));
      return;
    }
    String path = new QueryStringDecoder(req.uri()).path();
    HttpMethod method = req.method();
    if (path.startsWith(API) && !origins.allows(req)) {
      HttpResponses.error(
          ctx,
          keepAlive,
          HttpResponseStatus.FORBIDDEN,
          "forbidden_origin",
          "this server does not take API calls from pages of "
              + req.headers().get(HttpHeaderNames.ORIGIN));
      return;
    }
    if (JSON_BODIES.contains(method) && path.startsWith(API) && !isJson(req)) {
      HttpResponses.error(
          ctx,
          keepAlive,
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "send the body as Content-Type: application/json");
      return;
    }
    if (path.equals(WebSocketUpgrade.PATH)) {
      WebSocketUpgrade.upgrade(ctx, req.retain(), context);
    } else if (path.equals("/healthz")) {
      onlyGet(ctx, method, keepAlive, () -> Probes.healthz(ctx, keepAlive));
    } else if (path.equals("/readyz")) {
      onlyGet(ctx, method, keepAlive, () -> Probes.readyz(ctx, keepAlive, context.ready()));
    } else if (path.equals("/v1/settings")) {
      if (method.equals(HttpMethod.PUT)) {
        accounts.saveSettings(ctx, req, keepAlive);
      } else {
        onlyGet(ctx, method, keepAlive, () -> accounts.settings(ctx, req, keepAlive));
      }
    } else if (path.equals("/v1/push")) {
      push.push(ctx, req, keepAlive);
    } else if (path.equals("/v1/mutes")) {
      push.mutes(ctx, req, keepAlive);
    } else if (path.startsWith(PushApi.MUTES) && path.length() > PushApi.MUTES.length()) {
      push.mute(ctx, req, keepAlive, path.substring(PushApi.MUTES.length()));
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

  /**
   * The API reads JSON only. Requiring the type also keeps cross-site forms out: a page can POST
   * {@code text/plain} anywhere without asking, but {@code application/json} needs CORS consent.
   */
  private static boolean isJson(FullHttpRequest req) {
    CharSequence type = HttpUtil.getMimeType(req);
    return type != null && HttpHeaderValues.APPLICATION_JSON.contentEqualsIgnoreCase(type);
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
