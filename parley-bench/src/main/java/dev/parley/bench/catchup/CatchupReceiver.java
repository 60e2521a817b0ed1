package dev.parley.bench.catchup;

import dev.parley.bench.client.WsConnection;
import dev.parley.bench.client.WsListener;
import dev.parley.bench.load.MessageBody;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The device that was offline: on {@code welcome} it syncs after its cursor (null: from now),
 * counts the catch-up messages and checks, per conversation, that each sender's counter arrives
 * once and in order. {@link #synced} completes with the {@code synced} frame.
 */
final class CatchupReceiver implements WsListener {
  private final FrameCodec codec;
  private final String cursor;
  final CompletableFuture<ServerFrame.Synced> synced = new CompletableFuture<>();
  private final Map<String, long[]> expectedByConv = new HashMap<>();
  volatile long syncSentNanos;
  long messages;
  long feedFrames;
  long duplicated;
  long gaps;
  long outOfOrder;

  CatchupReceiver(FrameCodec codec, String cursor) {
    this.codec = codec;
    this.cursor = cursor;
  }

  @Override
  public void onText(WsConnection c, String text) {
    ServerFrame frame;
    try {
      frame = codec.decodeServer(text);
    } catch (FrameException e) {
      synced.completeExceptionally(e);
      return;
    }
    if (frame instanceof ServerFrame.Welcome) {
      syncSentNanos = System.nanoTime();
      c.send(codec.encode(new ClientFrame.Sync(cursor)));
    } else if (frame instanceof ServerFrame.Feed feed && !synced.isDone()) {
      feedFrames++;
      for (FeedEvent event : feed.events()) {
        if (event instanceof FeedEvent.Message message) {
          check(message);
        }
      }
    } else if (frame instanceof ServerFrame.Synced done) {
      synced.complete(done);
    }
  }

  private void check(FeedEvent.Message message) {
    messages++;
    long k = MessageBody.parse(message.body()).k();
    long[] expected = expectedByConv.computeIfAbsent(message.conv(), c -> new long[1]);
    if (k == expected[0]) {
      expected[0]++;
    } else if (k > expected[0]) {
      gaps += k - expected[0];
      expected[0] = k + 1;
    } else {
      // Without a set of missing ks a late arrival and a repeat look alike; either is a failure.
      duplicated++;
    }
  }

  @Override
  public void onClosed(WsConnection c, int code, String reason) {
    synced.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
  }
}
