package dev.parley.server.gateway.websocket;

import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.protocol.CloseCodes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way frames reach a WebSocket client: replies, errors, pushes, pongs, pings and close
 * frames all go through here, so one bound covers everything the server queues for a client that
 * does not read (docs/architecture.md, "The outbound path").
 *
 * <ul>
 *   <li><b>The bound.</b> The bytes written and not yet taken by the socket are counted; a frame
 *       that would take them over {@code maxQueuedBytes} is dropped and the connection cut with
 *       4010 (slow consumer). Catch-up frames ({@link #sendPaced}) are counted but never cut: their
 *       sender writes a batch only after the previous one was taken.
 *   <li><b>Back-pressure.</b> Past the channel's high water mark ({@link #waterMark}) the channel
 *       is not writable, and then it is not read either (autoRead off) until it drains: a client
 *       that does not read cannot make the server work, and reply, on its behalf.
 *   <li><b>Stalls.</b> A connection that stays unwritable and takes none of its queued bytes for
 *       {@code stallMs} is cut with 4010 too: back-pressure alone would keep a client that never
 *       reads connected (and its buffers held) until the heartbeat gives up on it. A slow reader is
 *       not a stalled one: each write the socket takes restarts the clock.
 *   <li><b>Pongs</b> answer only the most recent ping (RFC 6455 §5.5.3): one in flight at a time,
 *       none while the channel is not writable.
 *   <li><b>Closing</b> never waits behind unread frames for long: {@link #close} ends the
 *       connection once the close frame is written or after {@link #CLOSE_GRACE_MS}, {@link #abort}
 *       at once.
 * </ul>
 *
 * <p>{@link #send}, {@link #sendPaced}, {@link #close} and {@link #abort} are safe from any thread;
 * the rest run on the channel's event loop.
 */
final class Outbound {
  /** How long a closing connection may take to write its close frame. */
  static final long CLOSE_GRACE_MS = 2_000;

  /**
   * Counted per frame besides its payload: the frame header and what Netty keeps per queued write
   * (about 96 bytes), so that a flood of tiny frames is bounded by the memory it really takes.
   */
  private static final int FRAME_OVERHEAD = 110;

  private final Channel channel;
  private final long maxQueuedBytes;
  private final ParleyMetrics metrics;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();

  /** Checks per stall period: a stalled connection is cut after this many checks took nothing. */
  private static final int STALL_CHECKS = 4;

  private final long stallMs;
  private volatile boolean tookSomething;
  private int checksWithoutProgress;
  private ScheduledFuture<?> stallCheck;
  private ByteBuf nextPong;
  private boolean pongInFlight;

  Outbound(Channel channel, long maxQueuedBytes, long stallMs, ParleyMetrics metrics) {
    this.channel = channel;
    this.maxQueuedBytes = maxQueuedBytes;
    this.stallMs = stallMs;
    this.metrics = metrics;
  }

  /**
   * The channel stops being writable (and read) well before the bound, at a quarter of it (at most
   * 256 KiB), and is read again once half of that has drained.
   */
  static WriteBufferWaterMark waterMark(long maxQueuedBytes) {
    int high = (int) Math.max(2_048, Math.min(256 * 1024, maxQueuedBytes / 4));
    return new WriteBufferWaterMark(high / 2, high);
  }

  /** Bytes written to the channel and not yet taken by the socket. */
  long queuedBytes() {
    return queued.get();
  }

  boolean closing() {
    return closing.get();
  }

  /** Queues a frame under the bound; over it, cuts the connection (4010). Takes the frame. */
  ChannelFuture send(WebSocketFrame frame) {
    return write(frame, true);
  }

  /** Queues a catch-up frame: counted, not cut (its sender paces itself). Takes the frame. */
  ChannelFuture sendPaced(WebSocketFrame frame) {
    return write(frame, false);
  }

  private ChannelFuture write(WebSocketFrame frame, boolean bounded) {
    long size = frame.content().readableBytes() + FRAME_OVERHEAD;
    if (closing.get()) {
      frame.release();
      return channel.newFailedFuture(new IllegalStateException("connection closing"));
    }
    if (bounded && queued.get() + size > maxQueuedBytes) {
      frame.release();
      if (abort(CloseCodes.SLOW_CONSUMER, "slow consumer; reconnect and sync")) {
        metrics.rejected("slow_consumer");
      }
      return channel.newFailedFuture(new IllegalStateException("slow consumer"));
    }
    queued.addAndGet(size);
    return channel
        .writeAndFlush(frame)
        .addListener(
            f -> {
              queued.addAndGet(-size);
              if (f.isSuccess()) {
                tookSomething = true;
              }
            });
  }

  /** Answers a ping with its payload (takes it), coalescing pings the client sends faster. */
  void pong(ByteBuf payload) {
    if (nextPong != null) {
      nextPong.release();
    }
    nextPong = payload;
    sendPong();
  }

  private void sendPong() {
    if (nextPong == null || pongInFlight || !channel.isWritable() || closing.get()) {
      return;
    }
    ByteBuf payload = nextPong;
    nextPong = null;
    pongInFlight = true;
    send(new PongWebSocketFrame(payload))
        .addListener(
            f -> {
              pongInFlight = false;
              sendPong();
            });
  }

  /**
   * The heartbeat's ping. Sent even while the channel is not writable: one per heartbeat interval
   * cannot pile up, and a client slowly reading a long catch-up must still get one to answer.
   */
  void ping() {
    send(new PingWebSocketFrame());
  }

  /** Reads only while the client reads what it is sent. Call when writability changes. */
  void writabilityChanged() {
    if (closing.get()) {
      return;
    }
    boolean writable = channel.isWritable();
    channel.config().setAutoRead(writable);
    if (writable) {
      stopStallCheck();
    } else if (stallCheck == null) {
      tookSomething = false;
      checksWithoutProgress = 0;
      long period = Math.max(1, stallMs / STALL_CHECKS);
      stallCheck =
          channel
              .eventLoop()
              .scheduleWithFixedDelay(this::cutIfStalled, period, period, TimeUnit.MILLISECONDS);
    }
    sendPong();
  }

  private void cutIfStalled() {
    if (channel.isWritable()) {
      stopStallCheck();
      return;
    }
    if (tookSomething) {
      tookSomething = false;
      checksWithoutProgress = 0;
    } else if (++checksWithoutProgress >= STALL_CHECKS
        && abort(CloseCodes.SLOW_CONSUMER, "slow consumer; reconnect and sync")) {
      metrics.rejected("stalled");
    }
  }

  private void stopStallCheck() {
    if (stallCheck != null) {
      stallCheck.cancel(false);
      stallCheck = null;
    }
  }

  /** Starts reading, once the session is set up. */
  void startReading() {
    if (!closing.get()) {
      channel.config().setAutoRead(channel.isWritable());
    }
  }

  /**
   * Sends a close frame and closes the connection once it is written, or after {@link
   * #CLOSE_GRACE_MS} if the client does not take it. Later frames are dropped.
   */
  void close(int code, String reason) {
    closeWith(new CloseWebSocketFrame(code, reason), CLOSE_GRACE_MS, true);
  }

  /** Answers the client's close frame (takes it) with the same, then closes. */
  void echoClose(CloseWebSocketFrame frame) {
    closeWith(frame, CLOSE_GRACE_MS, true);
  }

  /**
   * Sends a close frame and closes after {@code delayMs} whether it was written or not, reading
   * (and dropping) meanwhile: closing with unread input would reset the connection, and the client
   * might lose the close frame. For protocol violations, whose offending frame may still arrive.
   */
  void closeAfter(int code, String reason, long delayMs) {
    closeWith(new CloseWebSocketFrame(code, reason), delayMs, false);
  }

  /**
   * Sends a close frame best effort and resets the connection now: for a client that is not
   * reading, the frame would wait behind everything queued before it. A reset (SO_LINGER 0) rather
   * than a FIN, because a peer that does not read keeps a gracefully closed socket in FIN-WAIT-1
   * with its unsent bytes in the kernel, while it goes on writing into a window that never reopens,
   * unaware it was cut. What the socket already took is still readable by the peer.
   *
   * @return false if the connection was already closing
   */
  boolean abort(int code, String reason) {
    if (!closing.compareAndSet(false, true) || !channel.isActive()) {
      return false;
    }
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
    channel.config().setOption(ChannelOption.SO_LINGER, 0);
    channel.close();
    return true;
  }

  private void closeWith(CloseWebSocketFrame frame, long graceMs, boolean closeWhenWritten) {
    if (!closing.compareAndSet(false, true)) {
      frame.release();
      return;
    }
    ChannelFuture written = channel.writeAndFlush(frame);
    if (closeWhenWritten) {
      written.addListener(f -> channel.close());
    }
    ScheduledFuture<?> deadline =
        channel.eventLoop().schedule(() -> channel.close(), graceMs, TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> deadline.cancel(false));
  }

  /** Completes once the connection is closed. */
  ChannelFuture closeFuture() {
    return channel.closeFuture();
  }

  /** Frees what is held for a closed connection. */
  void closed() {
    closing.set(true);
    stopStallCheck();
    if (nextPong != null) {
      nextPong.release();
      nextPong = null;
    }
  }
}
