package dev.parley.bench.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.CompletableFuture;

/**
 * Turns WebSocket frames into {@link WsListener} calls and completes the connect future on
 * handshake.
 */
final class WsFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private final WsListener listener;
  private final CompletableFuture<WsConnection> connected;
  private WsConnection connection;
  private int closeCode = -1;
  private String closeReason = "";

  WsFrameHandler(WsListener listener, CompletableFuture<WsConnection> connected) {
    this.listener = listener;
    this.connected = connected;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      connection = new WsConnection(ctx.channel());
      connected.complete(connection);
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      connected.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
      listener.onText(connection, text.text());
    } else if (frame instanceof CloseWebSocketFrame close) {
      closeCode = close.statusCode();
      closeReason = close.reasonText();
      ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, "")).addListener(f -> ctx.close());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (!connected.isDone()) {
      connected.completeExceptionally(
          new IllegalStateException("connection closed before the handshake"));
    } else {
      listener.onClosed(connection, closeCode, closeReason);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!connected.isDone()) {
      connected.completeExceptionally(cause);
    }
    // Reported through onClosed, so a failure in a listener is never mistaken for the server's
    // doing.
    closeReason = "client-side exception: " + cause;
    ctx.close();
  }
}
