package dev.parley.client;

import dev.parley.client.outbox.Outbox;
import dev.parley.client.request.PendingRequests;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.OutboxEntry;
import dev.parley.client.sync.FeedApplier;
import dev.parley.client.sync.ReadReceipts;
import dev.parley.client.sync.WireModel;
import dev.parley.client.transport.Backoff;
import dev.parley.client.transport.CloseReaction;
import dev.parley.client.transport.Heartbeat;
import dev.parley.client.transport.UnauthorizedException;
import dev.parley.client.transport.WebSocketConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's single event loop. Every piece of session state (the current connection, outbox
 * window, pending requests, heartbeat clock) is touched only on this one thread, so none of it
 * needs locks; other threads hand work in with {@link #post}. Each connection gets a generation
 * number, and callbacks from a connection that is no longer current are dropped, so a late frame of
 * a dead socket never mixes in.
 */
final class SessionLoop {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLoop.class);

  private final ClientSettings settings;
  private final LocalStore store;
  private final ListenerDispatcher listeners;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "parley-client-loop");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http;
  private final FrameCodec codec = new FrameCodec();
  private final Outbox outbox;
  private final FeedApplier feed;
  private final PendingRequests requests = new PendingRequests();
  private final Backoff reconnectBackoff;
  private final ReadReceipts reads;

  private WebSocketConnection connection;

  /** The presence watch to renew on each new session (the server keeps it per session). */
  private List<String> watchedUsers = List.of();

  private int generation;
  private boolean welcomed;
  private boolean stopped;
  private Identity me;
  private final Heartbeat heartbeat;
  private final Dispatch dispatch = new Dispatch();
  private volatile ConnectionState state = ConnectionState.OFFLINE;

  SessionLoop(ClientSettings settings, LocalStore store, ListenerDispatcher listeners) {
    this.settings = settings;
    this.store = store;
    this.listeners = listeners;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    this.outbox =
        new Outbox(
            store,
            settings.sendWindow(),
            settings.conversationWindow(),
            settings.retryBase(),
            settings.retryCap(),
            loop,
            change -> listeners.emit(l -> l.onStatusChange(change)));
    this.feed = new FeedApplier(store);
    this.reads = new ReadReceipts(store);
    this.reconnectBackoff = new Backoff(settings.reconnectBase(), settings.reconnectCap());
    this.heartbeat = new Heartbeat(settings.pingInterval(), settings.deadAfter());
    this.me = store.identity().orElse(null);
  }

  ConnectionState state() {
    return state;
  }

  /** Runs {@code task} on the loop; silently dropped once the client is closed. */
  void post(Runnable task) {
    try {
      loop.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException | Error e) {
              // The loop is a scheduled executor, which would swallow this silently.
              LOG.error("Parley client loop task failed", e);
            }
          });
    } catch (RejectedExecutionException closed) {
      // Closed: nothing more happens.
    }
  }

  void start() {
    post(
        () -> {
          outbox.loadPending();
          long tick = Math.max(10, Math.min(1000, settings.pingInterval().toMillis() / 4));
          loop.scheduleWithFixedDelay(() -> post(this::tick), tick, tick, TimeUnit.MILLISECONDS);
          connect();
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
          if (stopped) {
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
    post(() -> watchedUsers = users);
    return request(ref -> new ClientFrame.Presence(ref, users));
  }

  void typing(String conv, boolean active) {
    post(
        () -> {
          if (welcomed) {
            send(new ClientFrame.Typing(conv, active));
          }
        });
  }

  void markRead(String conv, long seq) {
    post(
        () -> {
          reads
              .markRead(conv, seq, me)
              .ifPresent(p -> listeners.emit(l -> l.onReceiptPositions(p)));
          if (welcomed) {
            send(new ClientFrame.Read(conv, seq));
          }
        });
  }

  /** Closes the session politely and stops the loop; queued listener events are still delivered. */
  void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(
        () -> {
          if (connection != null) {
            connection.close();
          }
          stop(StopReason.CLOSED);
          done.complete(null);
        });
    done.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- connection lifecycle, on the loop ----

  private void connect() {
    if (stopped) {
      return;
    }
    int gen = ++generation;
    setState(ConnectionState.CONNECTING);
    // The heartbeat's silence timer also bounds the handshake: no welcome within deadAfter, try
    // again.
    heartbeat.restart(System.nanoTime());
    connection =
        WebSocketConnection.open(
            http,
            settings.webSocketUri(),
            settings.token(),
            settings.connectTimeout(),
            new Handler(gen));
    connection
        .opened()
        .whenComplete(
            (ignored, error) -> {
              if (error != null) {
                post(() -> onOpenFailed(gen, error));
              }
            });
  }

  private void onOpenFailed(int gen, Throwable error) {
    if (gen != generation || stopped) {
      return;
    }
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    dropConnection();
    if (cause instanceof UnauthorizedException) {
      stop(StopReason.UNAUTHORIZED);
    } else {
      LOG.debug("connect to {} failed: {}", settings.webSocketUri(), cause.toString());
      scheduleReconnect();
    }
  }

  private void onText(int gen, String text) {
    if (gen != generation) {
      return;
    }
    heartbeat.received(System.nanoTime());
    LOG.trace("<- {}", text);
    ServerFrame frame;
    try {
      frame = codec.decodeServer(text);
    } catch (FrameException e) {
      // Newer servers add frame types (presence, typing); an unknown one is skipped, never fatal.
      LOG.debug("skipping a frame this client does not know: {}", e.getMessage());
      return;
    }
    frame.accept(dispatch);
  }

  /** What each server frame does to the local store, the outbox, the requests and listeners. */
  private final class Dispatch implements ServerFrame.Handler {
    @Override
    public void onWelcome(ServerFrame.Welcome welcome) {
      SessionLoop.this.onWelcome(welcome);
    }

    @Override
    public void onFeed(ServerFrame.Feed feed) {
      SessionLoop.this.onFeed(feed);
    }

    @Override
    public void onSynced(ServerFrame.Synced synced) {
      if (synced.cursor() != null) {
        store.setCursor(synced.cursor());
      }
      listeners.emit(l -> l.onSynced(synced.reset()));
    }

    @Override
    public void onSent(ServerFrame.Sent sent) {
      outbox.onSent(sent);
    }

    @Override
    public void onError(ServerFrame.Error error) {
      if (outbox.onError(error) || requests.complete(error.ref(), error)) {
        return;
      }
      if (error.ref() == null && ErrorCode.FORBIDDEN.wire().equals(error.code())) {
        // A receipt or typing frame that crossed this user's removal from a group (or a
        // redelivered message acknowledged just after leaving it): expected, nothing to do.
        LOG.debug("server refused a frame: {}", error.message());
      } else {
        LOG.warn("server error {}: {}", error.code(), error.message());
      }
    }

    @Override
    public void onOpened(ServerFrame.Opened opened) {
      store.putConversation(opened.conv(), WireModel.user(opened.peer()));
      requests.complete(opened.ref(), opened);
    }

    @Override
    public void onConversations(ServerFrame.Conversations list) {
      store.transaction(
          () -> {
            for (ConversationSummary item : list.items()) {
              Conversation row = WireModel.conversation(item);
              if (row.peer() != null) {
                store.putConversation(row.conv(), row.peer());
              } else if (row.isGroup()) {
                store.groups().putSummary(row.conv(), row.group());
              }
            }
            return null;
          });
      requests.complete(list.ref(), list);
    }

    @Override
    public void onGroupChanged(ServerFrame.GroupChanged changed) {
      // The change itself comes in the feed, to this device too, in seq order with the others.
      requests.complete(changed.ref(), changed);
    }

    @Override
    public void onGroupInfo(ServerFrame.GroupInfo info) {
      store.groups().putInfo(WireModel.groupInfo(info));
      requests.complete(info.ref(), info);
    }

    @Override
    public void onReadBy(ServerFrame.ReadBy readBy) {
      store.transaction(
          () -> {
            readBy.users().forEach(user -> store.putHandle(user.userId(), user.handle()));
            return null;
          });
      requests.complete(readBy.ref(), readBy);
    }

    @Override
    public void onUsers(ServerFrame.Users users) {
      store.transaction(
          () -> {
            users.users().forEach(user -> store.putHandle(user.userId(), user.handle()));
            return null;
          });
      requests.complete(users.ref(), users);
    }

    @Override
    public void onPresence(ServerFrame.Presence presence) {
      if (presence.ref() != null) {
        requests.complete(presence.ref(), presence);
      }
      List<Presence> users = WireModel.presence(presence.users());
      listeners.emit(l -> l.onPresence(users));
    }

    @Override
    public void onTyping(ServerFrame.Typing typing) {
      listeners.emit(
          l -> l.onTyping(new TypingIndicator(typing.conv(), typing.user(), typing.active())));
    }

    @Override
    public void onHistory(ServerFrame.History history) {
      store.transaction(
          () -> {
            history.messages().stream().map(WireModel::message).forEach(store::insertMessage);
            return null;
          });
      requests.complete(history.ref(), history);
    }

    @Override
    public void onPong(ServerFrame.Pong pong) {
      // Nothing more: every frame, a pong too, already fed the heartbeat in onText.
    }
  }

  private void onWelcome(ServerFrame.Welcome welcome) {
    me = new Identity(welcome.userId(), welcome.handle(), welcome.deviceId());
    store.setIdentity(me);
    store.putHandle(me.userId(), me.handle());
    welcomed = true;
    reconnectBackoff.reset();
    setState(ConnectionState.ONLINE);
    send(new ClientFrame.Sync(store.cursor().orElse(null)));
    reads.unconfirmed().entrySet().stream()
        .filter(read -> store.groups().isMember(read.getKey())) // a left group refuses receipts
        .forEach(read -> send(new ClientFrame.Read(read.getKey(), read.getValue())));
    Consumer<ClientFrame> wire = this::send;
    if (!watchedUsers.isEmpty()) {
      send(new ClientFrame.Presence(null, watchedUsers));
    }
    requests.onConnected(wire);
    outbox.onConnected(me, wire);
  }

  private void onFeed(ServerFrame.Feed frame) {
    if (me == null) {
      return;
    }
    FeedApplier.Outcome outcome = feed.apply(frame, me);
    for (Message own : outcome.ownDeviceMessages()) {
      outbox.onSeenInFeed(own.id(), own.seq(), own.ts());
    }
    outcome.toAcknowledge().forEach((conv, seq) -> send(new ClientFrame.Received(conv, seq)));
    outcome.positions().forEach(reads::onPositions);
    for (Message m : outcome.newMessages()) {
      if (m.isMembershipChange()) {
        listeners.emit(l -> l.onMembershipChange(m.membershipChange()));
      } else {
        listeners.emit(l -> l.onMessage(m));
      }
    }
    outcome.statusChanges().forEach(c -> listeners.emit(l -> l.onStatusChange(c)));
    outcome.positions().forEach(p -> listeners.emit(l -> l.onReceiptPositions(p)));
    outcome.groupReceipts().forEach(r -> listeners.emit(l -> l.onGroupReceipt(r)));
  }

  private void onClosed(int gen, int code, String reason) {
    if (gen != generation) {
      return;
    }
    LOG.debug("server closed the session: {} {}", code, reason);
    dropConnection();
    switch (CloseReaction.of(code)) {
      case STOP_UNAUTHORIZED -> stop(StopReason.UNAUTHORIZED);
      case STOP_DEVICE_REVOKED -> stop(StopReason.DEVICE_REVOKED);
      case STOP_REPLACED -> stop(StopReason.REPLACED);
      case RECONNECT -> scheduleReconnect();
    }
  }

  private void onLost(int gen, Throwable error) {
    if (gen != generation) {
      return;
    }
    LOG.debug("connection lost: {}", error.toString());
    dropConnection();
    scheduleReconnect();
  }

  /**
   * App-level heartbeat: ping while authenticated; a silent link (half-open TCP) is dropped and
   * replaced.
   */
  private void tick() {
    if (connection == null) {
      return;
    }
    switch (heartbeat.check(System.nanoTime(), welcomed)) {
      case PING -> send(new ClientFrame.Ping(null));
      case DEAD -> {
        LOG.debug("nothing received for {}; reconnecting", settings.deadAfter());
        dropConnection();
        scheduleReconnect();
      }
      case NOTHING -> {}
    }
  }

  private void send(ClientFrame frame) {
    if (connection != null) {
      String text = codec.encode(frame);
      LOG.trace("-> {}", text);
      connection.send(text);
    }
  }

  private void dropConnection() {
    if (connection != null) {
      connection.abort();
      connection = null;
    }
    generation++;
    welcomed = false;
    outbox.onDisconnected();
    requests.onDisconnected();
  }

  private void scheduleReconnect() {
    if (stopped) {
      return;
    }
    setState(ConnectionState.OFFLINE);
    long delay = reconnectBackoff.nextDelayMillis();
    loop.schedule(() -> post(this::connect), delay, TimeUnit.MILLISECONDS);
  }

  private void stop(StopReason reason) {
    if (stopped) {
      return;
    }
    stopped = true;
    connection = null;
    generation++;
    welcomed = false;
    outbox.onDisconnected();
    requests.onDisconnected();
    requests.failAll(new IllegalStateException("the client stopped: " + reason));
    setState(ConnectionState.STOPPED);
    listeners.emit(l -> l.onStopped(reason));
  }

  private void setState(ConnectionState next) {
    if (state != next) {
      state = next;
      listeners.emit(l -> l.onConnectionState(next));
    }
  }

  /** Hands a connection's callbacks to the loop, tagged with the connection's generation. */
  private final class Handler implements WebSocketConnection.Handler {
    private final int gen;

    Handler(int gen) {
      this.gen = gen;
    }

    @Override
    public void onText(String text) {
      post(() -> SessionLoop.this.onText(gen, text));
    }

    @Override
    public void onClosed(int code, String reason) {
      post(() -> SessionLoop.this.onClosed(gen, code, reason));
    }

    @Override
    public void onFailure(Throwable error) {
      post(() -> SessionLoop.this.onLost(gen, error));
    }
  }
}
