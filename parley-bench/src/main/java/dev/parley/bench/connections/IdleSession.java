package dev.parley.bench.connections;

import dev.parley.bench.client.WsConnection;
import dev.parley.bench.client.WsListener;
import dev.parley.bench.load.WireFrames;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An idle, authenticated, synced device that sends an app-level {@code ping} every heartbeat
 * interval (random phase, so 100,000 of them do not ping in the same millisecond) and counts the
 * {@code pong}s.
 */
final class IdleSession implements WsListener {
  private static final String PING = new FrameCodec().encode(new ClientFrame.Ping("hb"));
  private final FrameCodec codec;
  private final long heartbeatNanos;
  private final LongAdder pongs;
  private final LongAdder closes;
  volatile boolean stopping;
  final CompletableFuture<Void> ready = new CompletableFuture<>();

  IdleSession(FrameCodec codec, long heartbeatNanos, LongAdder pongs, LongAdder closes) {
    this.codec = codec;
    this.heartbeatNanos = heartbeatNanos;
    this.pongs = pongs;
    this.closes = closes;
  }

  @Override
  public void onText(WsConnection c, String text) {
    ServerFrame frame;
    try {
      frame = codec.decodeServer(text);
    } catch (FrameException e) {
      return;
    }
    if (frame instanceof ServerFrame.Welcome) {
      c.send(WireFrames.SYNC_FROM_NOW);
    } else if (frame instanceof ServerFrame.Synced) {
      ready.complete(null);
      long phase = ThreadLocalRandom.current().nextLong(heartbeatNanos);
      c.eventLoop().schedule(() -> heartbeat(c), phase, TimeUnit.NANOSECONDS);
    } else if (frame instanceof ServerFrame.Pong) {
      pongs.increment();
    }
  }

  private void heartbeat(WsConnection c) {
    if (c.isOpen() && !stopping) {
      c.send(PING);
      c.eventLoop().schedule(() -> heartbeat(c), heartbeatNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void onClosed(WsConnection c, int code, String reason) {
    if (!stopping) {
      closes.increment();
    }
    ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
  }
}
