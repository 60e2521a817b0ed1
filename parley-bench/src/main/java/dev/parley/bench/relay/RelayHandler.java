package dev.parley.bench.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One relay socket: upgrades {@code GET /relay?pair=<id>&side=a|b}, then forwards every data frame
 * verbatim to the other side of the pair (dropped while that side is not connected). It never looks
 * inside a frame. {@code GET /healthz} answers 200 so a launcher can wait for readiness.
 */
final class RelayHandler extends SimpleChannelInboundHandler<Object> {
  private final RelayRooms rooms;
  private WebSocketServerHandshaker handshaker;
  private String pair;
  private int side;
  private Channel peer;

  RelayHandler(RelayRooms rooms) {
    this.rooms = rooms;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest request) {
      upgrade(ctx, request);
    } else if (msg instanceof CloseWebSocketFrame close) {
      handshaker.close(ctx.channel(), close.retain());
    } else if (msg instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
    } else if (msg instanceof WebSocketFrame frame) {
      forward(frame);
    }
  }

  private void forward(WebSocketFrame frame) {
    if (peer == null || !peer.isActive()) {
      peer = rooms.peer(pair, side);
    }
    if (peer != null) {
      peer.writeAndFlush(frame.retain(), peer.voidPromise());
    }
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    if (query.path().equals("/healthz")) {
      respond(ctx, HttpResponseStatus.OK, "{\"status\":\"ok\"}");
      return;
    }
    List<String> pairs = query.parameters().get("pair");
    List<String> sides = query.parameters().get("side");
    if (!query.path().equals("/relay") || pairs == null || sides == null) {
      respond(ctx, HttpResponseStatus.NOT_FOUND, "{\"error\":\"not_found\"}");
      return;
    }
    String url = "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri();
    handshaker =
        new WebSocketServerHandshakerFactory(url, null, false, 1 << 20).newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    pair = pairs.get(0);
    side = "a".equals(sides.get(0)) ? 0 : 1;
    handshaker
        .handshake(ctx.channel(), request)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                rooms.join(pair, side, ctx.channel());
              }
            });
  }

  private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
