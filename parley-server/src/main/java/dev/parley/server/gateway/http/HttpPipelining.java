package dev.parley.server.gateway.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * Pipelined requests are answered in the order they came (RFC 9112 §9.3.2): the router sees one
 * request at a time, and the next only once the previous one's response is written, however long
 * its work takes on another thread. Requests that arrive meanwhile wait here and the connection
 * stops reading; more than {@link #MAX_WAITING} waiting closes it. A connection that is not
 * writable (the client does not read its responses) is not read either.
 */
public final class HttpPipelining extends ChannelDuplexHandler {
  static final int MAX_WAITING = 32;

  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!busy) {
      busy = true;
      ctx.fireChannelRead(request);
      return;
    }
    if (waiting.size() >= MAX_WAITING) {
      request.release();
      ctx.channel().close();
      return;
    }
    waiting.add(request);
    updateReading(ctx);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean interim =
        msg instanceof FullHttpResponse r
            && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    ctx.write(msg, promise);
    if (msg instanceof LastHttpContent && !interim && busy) {
      busy = false;
      FullHttpRequest next = waiting.poll();
      if (next != null) {
        busy = true;
        // Not from inside write(): the next request's handling may write again at once.
        ctx.executor().execute(() -> ctx.fireChannelRead(next));
      }
      updateReading(ctx);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateReading(ctx);
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseWaiting();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseWaiting();
  }

  private void updateReading(ChannelHandlerContext ctx) {
    boolean read = waiting.isEmpty() && ctx.channel().isWritable();
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
    }
  }

  private void releaseWaiting() {
    FullHttpRequest r;
    while ((r = waiting.poll()) != null) {
      r.release();
    }
  }
}
