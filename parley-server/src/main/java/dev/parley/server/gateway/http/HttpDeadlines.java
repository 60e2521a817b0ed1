package dev.parley.server.gateway.http;

import static dev.parley.server.config.ServerOptions.HTTP_BODY_TIMEOUT;
import static dev.parley.server.config.ServerOptions.HTTP_HEADER_TIMEOUT;
import static dev.parley.server.config.ServerOptions.HTTP_IDLE_TIMEOUT;

import dev.parley.server.config.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines for the client's side of an HTTP connection (slowloris defence): the request line and
 * headers within {@code --http-header-timeout-ms} of their first byte (or of the connection being
 * accepted), the body within {@code --http-body-timeout-ms} of the headers, and the next request
 * within {@code --http-idle-timeout-ms} of the last response. A request that misses its deadline
 * gets 408 and the connection is closed; an idle connection is just closed. No deadline runs while
 * the server owes a response: then it is the server's turn, and it does not read.
 *
 * <p>Sits between the HTTP decoder and the aggregator, where it sees request heads and ends and the
 * responses going out; {@link #firstByteWatcher()} goes before the decoder, to see a request's
 * first bytes.
 */
public final class HttpDeadlines extends ChannelDuplexHandler {
  private enum Reading {
    NOTHING,
    HEADERS,
    BODY
  }

  private final Duration headerTimeout;
  private final Duration bodyTimeout;
  private final Duration idleTimeout;
  private Reading reading = Reading.NOTHING;
  private boolean anyRequest;
  private int unanswered;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;

  public HttpDeadlines(ServerConfig config) {
    this.headerTimeout = config.get(HTTP_HEADER_TIMEOUT);
    this.bodyTimeout = config.get(HTTP_BODY_TIMEOUT);
    this.idleTimeout = config.get(HTTP_IDLE_TIMEOUT);
  }

  /** The handler to put before the HTTP decoder. */
  public ChannelHandler firstByteWatcher() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext watcherCtx, Object msg) {
        if (msg instanceof ByteBuf bytes && bytes.isReadable() && reading == Reading.NOTHING) {
          reading = Reading.HEADERS;
          rearm();
        }
        watcherCtx.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      rearm();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    rearm();
    ctx.fireChannelActive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      anyRequest = true;
      reading = Reading.BODY;
    }
    if (msg instanceof LastHttpContent) {
      reading = Reading.NOTHING;
      unanswered++;
    }
    rearm();
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean interim =
        msg instanceof FullHttpResponse r
            && r.status().codeClass() == HttpStatusClass.INFORMATIONAL
            && !r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS);
    ctx.write(msg, promise);
    if (msg instanceof LastHttpContent && !interim) {
      // A response may also end a request early (413, 400): never below zero.
      unanswered = Math.max(0, unanswered - 1);
      rearm();
    }
  }

  private void rearm() {
    cancel();
    if (unanswered > 0 || ctx == null || !ctx.channel().isActive()) {
      return;
    }
    Duration limit =
        switch (reading) {
          case NOTHING -> anyRequest ? idleTimeout : headerTimeout;
          case HEADERS -> headerTimeout;
          case BODY -> bodyTimeout;
        };
    Reading expected = reading;
    timer = ctx.executor().schedule(() -> expire(expected), limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(Reading expected) {
    timer = null;
    if (expected == Reading.NOTHING) {
      ctx.channel().close();
      return;
    }
    // Best effort: a client that trickles its request may not read either, so close regardless.
    HttpResponses.error(
        ctx,
        false,
        HttpResponseStatus.REQUEST_TIMEOUT,
        "request_timeout",
        expected == Reading.HEADERS
            ? "the request headers took too long"
            : "the request body took too long");
    ctx.channel().close();
  }
}
