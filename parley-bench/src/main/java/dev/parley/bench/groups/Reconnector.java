package dev.parley.bench.groups;

import dev.parley.bench.client.WsClient;
import dev.parley.protocol.FrameCodec;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * One device going offline and coming back: {@link #leave} connects, syncs from now and
 * disconnects, returning its cursor; {@link #back} reconnects with that cursor and times {@code
 * sync} → {@code synced}, checking what arrived.
 */
final class Reconnector {
  private final WsClient client;
  private final URI ws;
  private final FrameCodec codec;
  private final GroupSession.Counters counters;

  /** A reconnection: how long catch-up took and what it delivered. */
  record Back(long syncNanos, CatchupFeed feed) {}

  Reconnector(WsClient client, URI ws, FrameCodec codec, GroupSession.Counters counters) {
    this.client = client;
    this.ws = ws;
    this.codec = codec;
    this.counters = counters;
  }

  /** The device's cursor after syncing from now; the device is offline afterwards. */
  String leave(String token) throws Exception {
    GroupSession s = new GroupSession(codec, counters, null);
    s.open(client, ws, token).get(60, TimeUnit.SECONDS);
    String cursor = s.cursor();
    s.close();
    return cursor;
  }

  /** Reconnects after {@code cursor}; returns once {@code synced} arrived, disconnected again. */
  Back back(String token, String cursor) throws Exception {
    GroupSession s = new GroupSession(codec, counters, cursor);
    CatchupFeed feed = new CatchupFeed();
    s.onFeed(feed);
    s.open(client, ws, token).get(10, TimeUnit.MINUTES);
    s.close();
    return new Back(s.syncNanos(), feed);
  }
}
