package dev.parley.server.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * Writing HTTP responses: JSON bodies, errors in the documented {@code {"error","message"}} shape.
 * Every response carries the {@link #CONTENT_SECURITY_POLICY} and the other security headers; JSON
 * responses (tokens among them) are never stored by caches ({@code Cache-Control: no-store}).
 */
public final class HttpResponses {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The web client loads only its own files, keeps no inline script or style (so injected markup
   * runs nothing), talks only to its own server (WebSocket included), and may not be framed
   * (clickjacking). {@code img-src data:} is for its empty {@code data:} favicon.
   */
  public static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'self' ws: wss:",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'");

  private HttpResponses() {}

  public static void json(
      ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Object body) {
    byte[] bytes;
    try {
      bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    send(ctx, keepAlive, status, bytes, "application/json");
  }

  public static void error(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponseStatus status,
      String code,
      String message) {
    json(ctx, keepAlive, status, Map.of("error", code, "message", message));
  }

  public static void send(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponseStatus status,
      byte[] body,
      String contentType) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    secure(response.headers());
    if (contentType.startsWith("application/json")) {
      response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    }
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** The headers every response carries, whatever it holds. */
  static void secure(HttpHeaders headers) {
    headers
        .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
        .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("X-Content-Type-Options", "nosniff");
  }
}
