package dev.parley.bench.load;

import dev.parley.bench.client.WsConnection;
import dev.parley.bench.client.WsListener;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;

/**
 * One device's socket in a chat run. Against Parley it authenticates with the upgrade header, waits
 * for {@code welcome}, syncs from now and then hands frames to the subclass. Against the relay
 * there is no handshake: the socket is ready once open, and what arrives is the peer's frames
 * verbatim.
 */
abstract class ChatSession implements WsListener {
  protected final ChatRun run;
  protected final PairLink link;
  protected WsConnection connection;
  final CompletableFuture<Void> ready = new CompletableFuture<>();

  ChatSession(ChatRun run, PairLink link) {
    this.run = run;
    this.link = link;
  }

  /** Called on the event loop once the WebSocket is open. */
  void opened(WsConnection connection) {
    this.connection = connection;
    if (run.relay) {
      relayReady();
    }
  }

  @Override
  public void onText(WsConnection c, String text) {
    if (connection == null) {
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
      c.send(WireFrames.SYNC_FROM_NOW);
    } else if (frame instanceof ServerFrame.Synced) {
      onSynced();
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
    if (!run.stopping) {
      run.metrics.unexpectedCloses.increment();
      run.metrics.error("connection closed: " + code + " " + reason);
    }
    ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
  }

  protected abstract void relayReady();

  protected abstract void onSynced();

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
    return "rate_limited".equals(error.code())
        || "overloaded".equals(error.code())
        || "out_of_order".equals(error.code());
  }

  protected void onFrame(ServerFrame frame) {}
}
