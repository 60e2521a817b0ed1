package dev.parley.server.gateway.websocket;

import static dev.parley.server.config.ServerOptions.HEARTBEAT;
import static dev.parley.server.config.ServerOptions.MAX_OUTBOUND_BYTES;

import dev.parley.core.account.Principal;
import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.GatewayInitializer;
import dev.parley.server.gateway.http.AccountsApi;
import dev.parley.server.gateway.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@code GET /v1/ws} request into a WebSocket session. A bearer header is checked before
 * the upgrade (off the event loop) and refused with HTTP 401; without one the session must
 * authenticate with its first frame.
 */
public final class WebSocketUpgrade {
  public static final String PATH = "/v1/ws";

  /** Hard transport limit: a larger frame closes the connection with 1009. */
  public static final int MAX_TRANSPORT_FRAME = 1 << 20;

  private WebSocketUpgrade() {}

  /** Takes ownership of {@code req} (releases it). */
  public static void upgrade(
      ChannelHandlerContext ctx, FullHttpRequest req, GatewayContext context) {
    if (!req.headers().contains(HttpHeaderNames.AUTHORIZATION)) {
      handshake(ctx, req, context, null);
      return;
    }
    String token = AccountsApi.bearer(req);
    try {
      context
          .reads()
          .execute(
              () -> {
                Optional<Principal> who = context.accounts().authenticate(token);
                ctx.executor()
                    .execute(
                        () -> {
                          if (who.isPresent()) {
                            handshake(ctx, req, context, who.get());
                          } else {
                            req.release();
                            HttpResponses.error(
                                ctx,
                                false,
                                HttpResponseStatus.UNAUTHORIZED,
                                "unauthorized",
                                "missing, unknown or revoked token");
                          }
                        });
              });
    } catch (RejectedExecutionException e) {
      req.release();
      HttpResponses.error(
          ctx,
          false,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "unavailable",
          "the server is busy; retry later");
    }
  }

  private static void handshake(
      ChannelHandlerContext ctx, FullHttpRequest req, GatewayContext context, Principal principal) {
    try {
      String url =
          (context.ssl() != null ? "wss://" : "ws://")
              + req.headers().get(HttpHeaderNames.HOST, "localhost")
              + PATH;
      // The decoder reports violations to the session instead of resetting the connection, so the
      // client reliably reads the close code (1009, 1002, 1007) before the TCP close.
      WebSocketDecoderConfig decoder =
          WebSocketDecoderConfig.newBuilder()
              .maxFramePayloadLength(MAX_TRANSPORT_FRAME)
              .allowExtensions(false)
              .closeOnProtocolViolation(false)
              .build();
      WebSocketServerHandshaker handshaker =
          new WebSocketServerHandshakerFactory(url, null, decoder).newHandshaker(req);
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
        return;
      }
      WebSocketSessionHandler session = new WebSocketSessionHandler(context, principal);
      ChannelPipeline p = ctx.pipeline();
      for (String http : GatewayInitializer.HTTP_ONLY) {
        if (p.get(http) != null) {
          p.remove(http);
        }
      }
      long heartbeat = context.config().get(HEARTBEAT).toMillis();
      // Frames written from the dispatcher and reader threads share one flush (one syscall) per
      // loop turn.
      p.addFirst(
          "flush-consolidation",
          new FlushConsolidationHandler(
              FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
      p.addLast("ws-idle", new IdleStateHandler(heartbeat, 0, 0, TimeUnit.MILLISECONDS));
      // Text must be UTF-8 (RFC 6455 §8.1): invalid bytes close with 1007 instead of being
      // decoded as U+FFFD. Checked per fragment, before aggregation.
      p.addLast("ws-utf8", new Utf8FrameValidator(false));
      p.addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_TRANSPORT_FRAME));
      p.addLast("ws-session", session);
      p.remove(ctx.handler());
      ctx.channel()
          .config()
          .setWriteBufferWaterMark(Outbound.waterMark(context.config().get(MAX_OUTBOUND_BYTES)));
      handshaker
          .handshake(ctx.channel(), req)
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  session.handshakeComplete();
                } else {
                  ctx.channel().close();
                }
              });
    } finally {
      req.release();
    }
  }
}
