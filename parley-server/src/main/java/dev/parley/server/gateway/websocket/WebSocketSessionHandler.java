package dev.parley.server.gateway.websocket;

import static dev.parley.server.config.ServerOptions.AUTH_TIMEOUT;
import static dev.parley.server.config.ServerOptions.MAX_CONNECTIONS;
import static dev.parley.server.config.ServerOptions.MAX_CONNECTIONS_PER_USER;
import static dev.parley.server.config.ServerOptions.MAX_FRAME_BYTES;
import static dev.parley.server.config.ServerOptions.MAX_OUTBOUND_BYTES;
import static dev.parley.server.config.ServerOptions.RATE_BAD_FRAMES;
import static dev.parley.server.config.ServerOptions.RATE_REFUSED_FRAMES;
import static dev.parley.server.config.ServerOptions.STALL_MS;

import dev.parley.core.account.Principal;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.session.DeviceConnection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: authentication (header or first frame, with a deadline), then every
 * text frame decoded and handed to the device's {@link DeviceConnection}. Runs on the channel's
 * event loop; everything that can block is handed off. A bad frame gets an error frame and the
 * connection stays open, up to a budget ({@code --rate-bad-frames}): a client that keeps sending
 * frames that cannot be decoded is broken or hostile, and each one costs the server a parse and a
 * reply, so past the budget the connection is closed (1008). So is one that keeps sending frames
 * refused by a rate limit ({@code --rate-refused-frames}), whatever {@code retry_after_ms} said.
 * Everything it sends goes through the connection's {@link Outbound}.
 */
final class WebSocketSessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketSessionHandler.class);

  /** Frames a client may pipeline behind its {@code auth} frame before the answer. */
  private static final int MAX_EARLY_FRAMES = 32;

  private static final long VIOLATION_CLOSE_DELAY_MS = 500;

  private final GatewayContext context;
  private Principal principal;
  private ChannelHandlerContext ctx;
  private Outbound outbound;
  private DeviceConnection connection;
  private boolean authenticating;
  private final List<ClientFrame> early = new ArrayList<>();
  private final FrameBudget badFrames;
  private final FrameBudget refusedFrames;
  private ScheduledFuture<?> authDeadline;

  WebSocketSessionHandler(GatewayContext context, Principal principal) {
    this.context = context;
    this.principal = principal;
    this.badFrames = new FrameBudget(context.config().get(RATE_BAD_FRAMES));
    this.refusedFrames = new FrameBudget(context.config().get(RATE_REFUSED_FRAMES));
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.outbound =
        new Outbound(
            ctx.channel(),
            context.config().get(MAX_OUTBOUND_BYTES),
            context.config().get(STALL_MS).toMillis(),
            context.connections().metrics());
  }

  /** Called on the event loop once the 101 response is written. */
  void handshakeComplete() {
    outbound.startReading();
    if (principal != null) {
      attach(principal);
    } else {
      // Closes the channel itself: the close frame may sit behind frames the client never reads.
      authDeadline =
          ctx.executor()
              .schedule(
                  () -> {
                    if (connection == null
                        && outbound.abort(CloseCodes.AUTH_TIMEOUT, "no auth frame in time")) {
                      context.connections().metrics().rejected("auth_timeout");
                    }
                  },
                  context.config().get(AUTH_TIMEOUT).toMillis(),
                  TimeUnit.MILLISECONDS);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (outbound.closing()) {
      return;
    }
    if (frame instanceof TextWebSocketFrame text) {
      onText(text);
    } else if (frame instanceof PingWebSocketFrame) {
      outbound.pong(frame.content().retain());
    } else if (frame instanceof CloseWebSocketFrame) {
      outbound.echoClose((CloseWebSocketFrame) frame.retain());
    } else if (frame instanceof BinaryWebSocketFrame) {
      badFrame(ErrorCode.UNSUPPORTED_FRAME, "binary frames are not supported; send JSON text");
    }
  }

  private void onText(TextWebSocketFrame frame) {
    int size = frame.content().readableBytes();
    if (size > context.config().get(MAX_FRAME_BYTES)) {
      badFrame(
          ErrorCode.FRAME_TOO_LARGE,
          "frame is " + size + " bytes; the limit is " + context.config().get(MAX_FRAME_BYTES));
      return;
    }
    ClientFrame decoded;
    try {
      decoded = context.codec().decodeClient(frame.text());
    } catch (FrameException e) {
      if (connection == null && !authenticating) {
        refuse("the first frame must be a valid auth frame");
      } else {
        badFrame(e.code(), e.getMessage());
      }
      return;
    }
    if (connection != null) {
      connection.handle(decoded);
    } else if (authenticating) {
      if (early.size() < MAX_EARLY_FRAMES) {
        early.add(decoded);
      } else {
        error(decoded.ref(), ErrorCode.OVERLOADED, "wait for welcome before sending more");
      }
    } else if (decoded instanceof ClientFrame.Auth auth) {
      authenticate(auth.token());
    } else {
      refuse("authenticate first: send an auth frame");
    }
  }

  private void authenticate(String token) {
    authenticating = true;
    try {
      context
          .tokenChecks()
          .execute(
              () -> {
                Optional<Principal> who = context.accounts().authenticate(token);
                ctx.executor()
                    .execute(
                        () -> {
                          authenticating = false;
                          if (who.isEmpty()) {
                            outbound.close(CloseCodes.UNAUTHORIZED, "unknown or revoked token");
                            return;
                          }
                          attach(who.get());
                          if (connection != null) {
                            early.forEach(connection::handle);
                          }
                          early.clear();
                        });
              });
    } catch (RejectedExecutionException e) {
      context.connections().metrics().overloaded("auth");
      outbound.close(CloseCodes.TRY_AGAIN_LATER, "server busy; reconnect later");
    }
  }

  private void attach(Principal who) {
    if (!ctx.channel().isActive()) {
      return;
    }
    principal = who;
    if (authDeadline != null) {
      authDeadline.cancel(false);
    }
    DeviceRouter router = context.connections().router();
    // A device replacing its own session does not count against the limits.
    int replacing = router.attached(who.deviceId()) ? 1 : 0;
    if (router.sessionCount() - replacing >= context.config().get(MAX_CONNECTIONS)) {
      reject(CloseCodes.TOO_MANY_CONNECTIONS, "the server is at its connection limit; retry later");
      return;
    }
    if (router.sessionCount(who.userId()) - replacing
        >= context.config().get(MAX_CONNECTIONS_PER_USER)) {
      reject(CloseCodes.TOO_MANY_CONNECTIONS, "too many open sessions for this user");
      return;
    }
    NettyDeviceSession session = new NettyDeviceSession(outbound, who, context.codec());
    connection = DeviceConnection.open(who, session, context.connections(), this::refused);
    LOG.debug(
        "conn={} event=open device={} user={}",
        ctx.channel().id().asShortText(),
        who.deviceId(),
        who.userId());
  }

  private void reject(int code, String why) {
    context.connections().metrics().rejected("too_many_connections");
    outbound.close(code, why);
  }

  /**
   * Silence for one heartbeat interval gets a ping; silence for a second one means the peer is
   * gone.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
      if (idle.isFirst()) {
        outbound.ping();
      } else if (outbound.abort(CloseCodes.HEARTBEAT_TIMEOUT, "no heartbeat")) {
        context.connections().metrics().rejected("heartbeat_timeout");
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void refuse(String why) {
    context.connections().metrics().rejected(ErrorCode.NOT_AUTHENTICATED.wire());
    outbound.send(
        new TextWebSocketFrame(
            context.codec().encode(ServerFrame.Error.of(null, ErrorCode.NOT_AUTHENTICATED, why))));
    outbound.close(CloseCodes.UNAUTHORIZED, why);
  }

  /** Answers a frame that could not be decoded, or closes the connection past the budget. */
  private void badFrame(ErrorCode code, String message) {
    if (badFrames.spend()) {
      error(null, code, message);
    } else {
      context.connections().metrics().rejected("too_many_bad_frames");
      closeAfterViolation(CloseCodes.POLICY_VIOLATION, "too many frames that cannot be decoded");
    }
  }

  /**
   * A frame was refused by a rate limit or the bound on pending reads (and answered with its retry
   * delay): a client that keeps sending regardless is closed past the budget.
   */
  private void refused() {
    if (!refusedFrames.spend() && !outbound.closing()) {
      context.connections().metrics().rejected("too_many_refused_frames");
      closeAfterViolation(
          CloseCodes.POLICY_VIOLATION, "too many frames sent after rate_limited or overloaded");
    }
  }

  private void error(String ref, ErrorCode code, String message) {
    context.connections().metrics().rejected(code.wire());
    outbound.send(
        new TextWebSocketFrame(context.codec().encode(ServerFrame.Error.of(ref, code, message))));
  }

  /** A client that does not read is not read: see {@link Outbound}. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    outbound.writabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    outbound.closed();
    if (authDeadline != null) {
      authDeadline.cancel(false);
    }
    if (connection != null) {
      connection.closed();
      LOG.debug(
          "conn={} event=close device={}", ctx.channel().id().asShortText(), principal.deviceId());
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("conn={} event=error cause={}", ctx.channel().id().asShortText(), cause.toString());
    if (cause instanceof CorruptedWebSocketFrameException corrupt) {
      closeAfterViolation(corrupt.closeStatus().code(), corrupt.getMessage());
    } else if (cause instanceof TooLongFrameException) {
      closeAfterViolation(
          CloseCodes.TOO_BIG, "message over " + WebSocketUpgrade.MAX_TRANSPORT_FRAME + " bytes");
    } else {
      ctx.close();
    }
  }

  /**
   * Sends the close code, then closes shortly after so the client reads it before the connection
   * ends.
   */
  private void closeAfterViolation(int code, String reason) {
    outbound.closeAfter(code, reason, VIOLATION_CLOSE_DELAY_MS);
  }
}
