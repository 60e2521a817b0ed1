package dev.parley.bench.load;

import dev.parley.bench.client.WsConnection;
import dev.parley.bench.client.WsListener;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One device's socket in a chat run. Against Parley it authenticates with the upgrade header, waits
 * for {@code welcome}, syncs from now and then hands frames to the subclass; when the server closes
 * the socket, it connects again and resumes. Against the relay there is no handshake: the socket is
 * ready once open, and what arrives is the peer's frames verbatim.
 */
abstract class ChatSession implements WsListener {
  static final long RECONNECT_DELAY_MS = 250;
  protected final ChatRun run;
  protected final PairLink link;
  protected WsConnection connection;
  final CompletableFuture<Void> ready = new CompletableFuture<>();

  /**
   * Opens a new socket for this session, on the same event loop, after the server closed the one it
   * had (its node was killed): set for runs against Parley; null against the relay.
   */
  Consumer<ChatSession> reconnect;

  /** Between {@code synced} and the socket's close; confined to the session's event loop. */
  protected boolean online;

  ChatSession(ChatRun run, PairLink link) {
    this.run = run;
    this.link = link;
  }

  /** Called on the event loop once the WebSocket is open. */
  void opened(WsConnection connection) {
    this.connection = connection;
    if (run.relay) {
      online = true;
      relayReady();
    }
  }

  @Override
  public void onText(WsConnection c, String text) {
    if (connection != c) {
      // The server's first frames can arrive in the same read as the handshake, before opened()
      // ran.
      connection = c;
    }
    if (run.relay) {
      onRelayed(text);
      return;
    }
    ServerFrame frame;
    try {
      frame = run.codec.decodeServer(text);
    } catch (FrameException e) {
      run.metrics.error("undecodable frame: " + e.getMessage());
      return;
    }
    if (frame instanceof ServerFrame.Welcome) {
      c.send(syncFrame());
    } else if (frame instanceof ServerFrame.Synced synced) {
      online = true;
      onSynced(synced);
    } else if (frame instanceof ServerFrame.Feed feed) {
      onFeed(feed);
    } else if (frame instanceof ServerFrame.Error error) {
      onError(error);
    } else {
      onFrame(frame);
    }
  }

  @Override
  public void onClosed(WsConnection c, int code, String reason) {
    online = false;
    if (run.stopping) {
      return;
    }
    run.metrics.unexpectedCloses.increment();
    if (reconnect != null && ready.isDone() && !ready.isCompletedExceptionally()) {
      // As a real client does when its node dies: connect again (the load balancer picks a live
      // node), catch up, and send again what has no answer.
      c.eventLoop()
          .schedule(() -> reconnect.accept(this), RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS);
      return;
    }
    run.metrics.error("connection closed: " + code + " " + reason);
    ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
  }

  /** The first frame after {@code welcome}: where this device's feed is to resume. */
  protected String syncFrame() {
    return WireFrames.SYNC_FROM_NOW;
  }

  protected abstract void relayReady();

  protected abstract void onSynced(ServerFrame.Synced synced);

  protected abstract void onFeed(ServerFrame.Feed feed);

  protected abstract void onRelayed(String text);

  protected void onError(ServerFrame.Error error) {
    if (isRetryLater(error)) {
      run.metrics.rateLimited.increment(); // a receipt refused for now; the next one covers it
    } else {
      run.metrics.error(error.code() + ": " + error.message());
    }
  }

  /**
   * The server's "not now": the client is to send the same frame again after {@code retryAfterMs}.
   */
  static boolean isRetryLater(ServerFrame.Error error) {
    // out_of_order: refused behind an earlier refused send of the conversation; sent again later.
    // internal: not confirmed in time (the conversation's sequencer was moving to another node).
    return "rate_limited".equals(error.code())
        || "overloaded".equals(error.code())
        || "internal".equals(error.code())
        || "out_of_order".equals(error.code());
  }

  protected void onFrame(ServerFrame frame) {}
}
