package dev.parley.client;

import dev.parley.client.outbox.Outbox;
import dev.parley.client.request.PendingRequests;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.OutboxEntry;
import dev.parley.client.sync.ReadReceipts;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The client's session, run on a single event loop ({@link LoopThread}). Every piece of session
 * state (the current connection, outbox window, pending requests, read reports, heartbeat clock) is
 * touched only on that one thread, so none of it needs locks; the application's calls here, from
 * any thread, hand their work in with {@link #post}. Listener events go out on a thread of their
 * own ({@link ListenerDispatcher}).
 *
 * <p>The parts, all loop-confined: {@link ConnectionKeeper} keeps the WebSocket open (reconnect,
 * heartbeat, stop) and hands over the frames of the current connection; {@link ServerFrameDispatch}
 * applies each frame to the store, the {@link Outbox}, the {@link PendingRequests} and the
 * listeners; {@link FeedReporter} applies and reports the feed.
 */
final class SessionLoop {
  private final ListenerDispatcher listeners;
  private final LoopThread loop = new LoopThread();
  private final Outbox outbox;
  private final PendingRequests requests = new PendingRequests();
  private final ReadReceipts reads;
  private final ConnectionKeeper connection;
  private final ServerFrameDispatch frames;

  SessionLoop(ClientSettings settings, LocalStore store, ListenerDispatcher listeners) {
    this.listeners = listeners;
    this.outbox =
        new Outbox(
            store,
            settings.sendWindow(),
            settings.conversationWindow(),
            settings.retryBase(),
            settings.retryCap(),
            loop.executor(),
            change -> listeners.emit(l -> l.onStatusChange(change)));
    this.reads = new ReadReceipts(store);
    this.connection = new ConnectionKeeper(settings, loop, listeners, new SessionEvents());
    this.frames =
        new ServerFrameDispatch(
            store,
            outbox,
            requests,
            reads,
            connection,
            new FeedReporter(store, outbox, reads, connection, listeners),
            listeners);
  }

  ConnectionState state() {
    return connection.state();
  }

  /** Runs {@code task} on the loop; silently dropped once the client is closed. */
  private void post(Runnable task) {
    loop.post(task);
  }

  void start() {
    post(
        () -> {
          outbox.loadPending();
          connection.start();
        });
  }

  // ---- application calls, any thread ----

  void enqueue(OutboxEntry entry) {
    post(
        () -> {
          listeners.emit(
              l ->
                  l.onStatusChange(
                      new StatusChange(entry.id(), entry.conv(), 0, MessageStatus.PENDING, null)));
          outbox.enqueue(entry);
        });
  }

  /** Sends a request until answered, again after each reconnect (see {@link PendingRequests}). */
  CompletableFuture<ServerFrame> request(Function<String, ClientFrame> frameForRef) {
    return request(frameForRef, true);
  }

  /** Sends a request that must reach the server at most once (see {@link PendingRequests}). */
  CompletableFuture<ServerFrame> requestOnce(Function<String, ClientFrame> frameForRef) {
    return request(frameForRef, false);
  }

  private CompletableFuture<ServerFrame> request(
      Function<String, ClientFrame> frameForRef, boolean repeatable) {
    CompletableFuture<ServerFrame> result = new CompletableFuture<>();
    post(
        () -> {
          if (connection.stopped()) {
            result.completeExceptionally(new IllegalStateException("the client is stopped"));
            return;
          }
          (repeatable ? requests.submit(frameForRef) : requests.submitOnce(frameForRef))
              .whenComplete(
                  (reply, error) -> {
                    if (error != null) {
                      result.completeExceptionally(error);
                    } else {
                      result.complete(reply);
                    }
                  });
        });
    // Callers' dependent stages must not run on (and block) the loop.
    return result.whenCompleteAsync((reply, error) -> {});
  }

  CompletableFuture<ServerFrame> watchPresence(List<String> users) {
    post(() -> frames.watch(users));
    return request(ref -> new ClientFrame.Presence(ref, users));
  }

  void typing(String conv, boolean active) {
    post(
        () -> {
          if (connection.welcomed()) {
            connection.send(new ClientFrame.Typing(conv, active));
          }
        });
  }

  void markRead(String conv, long seq) {
    post(
        () -> {
          reads
              .markRead(conv, seq, frames.me())
              .ifPresent(p -> listeners.emit(l -> l.onReceiptPositions(p)));
          if (connection.welcomed()) {
            connection.send(new ClientFrame.Read(conv, seq));
          }
        });
  }

  /** Closes the session politely and stops the loop; queued listener events are still delivered. */
  void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(
        () -> {
          connection.close();
          done.complete(null);
        });
    done.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    loop.shutdown();
  }

  /** What the connection's coming and going does to the rest of the session. */
  private final class SessionEvents implements ConnectionKeeper.Session {
    @Override
    public void onFrame(ServerFrame frame) {
      frame.accept(frames);
    }

    @Override
    public void onDisconnected() {
      outbox.onDisconnected();
      requests.onDisconnected();
    }

    @Override
    public void onStopped(StopReason reason) {
      requests.failAll(new IllegalStateException("the client stopped: " + reason));
    }
  }
}
