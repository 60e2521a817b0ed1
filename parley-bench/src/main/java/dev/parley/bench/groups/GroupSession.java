package dev.parley.bench.groups;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.client.WsListener;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's WebSocket as the groups benchmark drives it: it syncs after a cursor, makes requests
 * whose replies are matched by {@code ref} (sending the same frame again when the server answers
 * {@code rate_limited} or {@code overloaded}, as the protocol asks), and hands feed frames to a
 * {@link FeedHandler}. Callbacks run on the connection's event loop.
 */
final class GroupSession implements WsListener {

  /** What a device does with the feed frames it receives. */
  @FunctionalInterface
  interface FeedHandler {
    void onFeed(GroupSession session, ServerFrame.Feed feed, long arrivedNanos);
  }

  /** Counters shared by every session of a run. */
  static final class Counters {
    final AtomicLong retried = new AtomicLong();
    final AtomicLong unexpectedCloses = new AtomicLong();
    volatile String lastError = "";
  }

  private final FrameCodec codec;
  private final Counters counters;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final CompletableFuture<ServerFrame.Synced> synced = new CompletableFuture<>();
  private final String syncAfter;
  private volatile FeedHandler feedHandler = (s, f, n) -> {};
  private volatile WsConnection connection;
  private volatile boolean closing;
  private volatile String cursor;
  private volatile long syncSentNanos;
  private volatile long syncedNanos;

  private record Pending(String text, CompletableFuture<ServerFrame> reply) {}

  /** {@code syncAfter}: the cursor to sync after on {@code welcome} (null: from now). */
  GroupSession(FrameCodec codec, Counters counters, String syncAfter) {
    this.codec = codec;
    this.counters = counters;
    this.syncAfter = syncAfter;
  }

  /** Connects with {@code token}; completes once the session is {@code synced}. */
  CompletableFuture<GroupSession> open(WsClient client, URI ws, String token) {
    return client
        .connect(ws, token, null, this)
        .thenCompose(
            c -> {
              connection = c;
              return synced;
            })
        .thenApply(s -> this);
  }

  void onFeed(FeedHandler handler) {
    this.feedHandler = handler;
  }

  /** The cursor of the last feed or synced frame. */
  String cursor() {
    return cursor;
  }

  /** Time from writing {@code sync} to reading {@code synced}, in nanoseconds. */
  long syncNanos() {
    return syncedNanos - syncSentNanos;
  }

  /** Sends a request frame; the future completes with its reply (an error reply fails it). */
  CompletableFuture<ServerFrame> request(String ref, String text) {
    CompletableFuture<ServerFrame> reply = new CompletableFuture<>();
    pending.put(ref, new Pending(text, reply));
    connection.send(text);
    return reply;
  }

  CompletableFuture<ServerFrame> request(String ref, ClientFrame frame) {
    return request(ref, codec.encode(frame));
  }

  /** Writes a frame that has no reply (a receipt) without flushing; see {@link #flush()}. */
  void write(String text) {
    connection.write(text);
  }

  void flush() {
    connection.flush();
  }

  void close() {
    closing = true;
    WsConnection c = connection;
    if (c != null) {
      c.close();
    }
  }

  @Override
  public void onText(WsConnection c, String text) {
    long now = System.nanoTime();
    connection = c;
    ServerFrame frame;
    try {
      frame = codec.decodeServer(text);
    } catch (FrameException e) {
      counters.lastError = "undecodable frame: " + e.getMessage();
      return;
    }
    if (frame instanceof ServerFrame.Feed feed) {
      cursor = feed.cursor();
      feedHandler.onFeed(this, feed, now);
    } else if (frame instanceof ServerFrame.Welcome) {
      syncSentNanos = System.nanoTime();
      c.send(codec.encode(new ClientFrame.Sync(syncAfter)));
    } else if (frame instanceof ServerFrame.Synced s) {
      syncedNanos = now;
      cursor = s.cursor();
      synced.complete(s);
    } else if (frame instanceof ServerFrame.Error error) {
      onError(c, error);
    } else {
      String ref = refOf(frame);
      Pending p = ref == null ? null : pending.remove(ref);
      if (p != null) {
        p.reply().complete(frame);
      }
    }
  }

  private void onError(WsConnection c, ServerFrame.Error error) {
    Pending p = error.ref() == null ? null : pending.get(error.ref());
    if (p == null) {
      counters.lastError = error.code() + ": " + error.message();
      return;
    }
    if ("rate_limited".equals(error.code()) || "overloaded".equals(error.code())) {
      // The same frame (same idempotency key) again, later: what the protocol asks of a client.
      counters.retried.incrementAndGet();
      long delay = error.retryAfterMs() != null ? error.retryAfterMs() : 100;
      c.eventLoop().schedule(() -> c.send(p.text()), delay, TimeUnit.MILLISECONDS);
      return;
    }
    pending.remove(error.ref());
    p.reply().completeExceptionally(new RequestRefused(error.code(), error.message()));
  }

  private static String refOf(ServerFrame frame) {
    if (frame instanceof ServerFrame.Sent s) {
      return s.ref();
    } else if (frame instanceof ServerFrame.GroupChanged g) {
      return g.ref();
    } else if (frame instanceof ServerFrame.GroupInfo g) {
      return g.ref();
    } else if (frame instanceof ServerFrame.Opened o) {
      return o.ref();
    }
    return null;
  }

  @Override
  public void onClosed(WsConnection c, int code, String reason) {
    if (!closing) {
      counters.unexpectedCloses.incrementAndGet();
      counters.lastError = "closed " + code + " " + reason;
    }
    IllegalStateException gone = new IllegalStateException("closed " + code + " " + reason);
    synced.completeExceptionally(gone);
    pending.values().forEach(p -> p.reply().completeExceptionally(gone));
    pending.clear();
  }

  /** The server refused a request for good. */
  static final class RequestRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;

    RequestRefused(String code, String message) {
      super(code + ": " + message);
      this.code = code;
    }
  }
}
