package dev.parley.client;

import dev.parley.client.transport.Backoff;
import dev.parley.client.transport.CloseReaction;
import dev.parley.client.transport.Heartbeat;
import dev.parley.client.transport.UnauthorizedException;
import dev.parley.client.transport.WebSocketConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.net.http.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one WebSocket open for the session: connects, hands each frame of the current connection to
 * the {@link Session}, pings, replaces a silent link, reconnects with backoff after a loss or a
 * reconnectable close code, and stops for good on the close codes that say so ({@link
 * CloseReaction}). It owns the {@link ConnectionState} the application sees.
 *
 * <p>Loop-confined: every method but {@link #state} runs on the {@link LoopThread}, and so do the
 * connection's callbacks, which are posted there. Each connection gets a generation number, and
 * callbacks from a connection that is no longer current are dropped, so a late frame of a dead
 * socket never mixes in.
 */
final class ConnectionKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionKeeper.class);

  /** What the rest of the session does as the connection comes and goes; called on the loop. */
  interface Session {
    /** A frame of the current connection, decoded. */
    void onFrame(ServerFrame frame);

    /**
     * The connection is gone (a reconnect may follow): nothing in flight on it will be answered.
     */
    void onDisconnected();

    /** The client stopped for good; follows {@link #onDisconnected}. */
    void onStopped(StopReason reason);
  }

  private final ClientSettings settings;
  private final LoopThread loop;
  private final ListenerDispatcher listeners;
  private final Session session;
  private final HttpClient http;
  private final FrameCodec codec = new FrameCodec();
  private final Heartbeat heartbeat;
  private final Backoff reconnectBackoff;

  private WebSocketConnection connection;
  private int generation;
  private boolean welcomed;
  private boolean stopped;
  // Volatile: the application reads it from any thread.
  private volatile ConnectionState state = ConnectionState.OFFLINE;

  ConnectionKeeper(
      ClientSettings settings, LoopThread loop, ListenerDispatcher listeners, Session session) {
    this.settings = settings;
    this.loop = loop;
    this.listeners = listeners;
    this.session = session;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    this.heartbeat = new Heartbeat(settings.pingInterval(), settings.deadAfter());
    this.reconnectBackoff = new Backoff(settings.reconnectBase(), settings.reconnectCap());
  }

  /** Any thread. */
  ConnectionState state() {
    return state;
  }

  /** Whether the current connection was welcomed (authenticated): frames may go out. */
  boolean welcomed() {
    return welcomed;
  }

  boolean stopped() {
    return stopped;
  }

  /** Starts the heartbeat clock and the first connection. */
  void start() {
    // Checked a quarter of the ping interval apart (10 ms to 1 s): a ping or a dead link is noticed
    // at most that late.
    long tick = Math.max(10, Math.min(1000, settings.pingInterval().toMillis() / 4));
    loop.repeat(this::tick, tick);
    connect();
  }

  /** The server welcomed the current connection: the session is online. */
  void markWelcomed() {
    welcomed = true;
    reconnectBackoff.reset();
    setState(ConnectionState.ONLINE);
  }

  /** Sends {@code frame} on the current connection; dropped when there is none. */
  void send(ClientFrame frame) {
    if (connection != null) {
      String text = codec.encode(frame);
      LOG.trace("-> {}", text);
      connection.send(text);
    }
  }

  /** Closes the connection politely and stops for good ({@link StopReason#CLOSED}). */
  void close() {
    if (connection != null) {
      connection.close();
    }
    stop(StopReason.CLOSED);
  }

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
                loop.post(() -> onOpenFailed(gen, error));
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
    // Every frame, a pong or not, proves the link alive.
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
    session.onFrame(frame);
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

  private void dropConnection() {
    if (connection != null) {
      connection.abort();
      connection = null;
    }
    generation++;
    welcomed = false;
    session.onDisconnected();
  }

  private void scheduleReconnect() {
    if (stopped) {
      return;
    }
    setState(ConnectionState.OFFLINE);
    loop.schedule(this::connect, reconnectBackoff.nextDelayMillis());
  }

  private void stop(StopReason reason) {
    if (stopped) {
      return;
    }
    stopped = true;
    connection = null;
    generation++;
    welcomed = false;
    session.onDisconnected();
    session.onStopped(reason);
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
      loop.post(() -> ConnectionKeeper.this.onText(gen, text));
    }

    @Override
    public void onClosed(int code, String reason) {
      loop.post(() -> ConnectionKeeper.this.onClosed(gen, code, reason));
    }

    @Override
    public void onFailure(Throwable error) {
      loop.post(() -> ConnectionKeeper.this.onLost(gen, error));
    }
  }
}
