package dev.parley.client.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket session on the JDK client ({@link java.net.http.WebSocket}), authenticated with the
 * {@code Authorization} header. It reassembles fragmented text messages, serializes outgoing frames
 * (the JDK allows one outstanding send at a time) and reports the end of the session exactly once,
 * either as a close code or as a failure.
 *
 * <p>Thread-safe. Handler callbacks come from the HTTP client's threads, one at a time, in arrival
 * order.
 */
public final class WebSocketConnection {

  /** Receives what happens on the connection. */
  public interface Handler {
    void onText(String text);

    /** The server closed the session with {@code code}. */
    void onClosed(int code, String reason);

    /** The connection broke (network error, reset, failed write). */
    void onFailure(Throwable error);
  }

  private final Handler handler;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;
  private CompletableFuture<Void> opened;
  private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);

  private WebSocketConnection(Handler handler) {
    this.handler = handler;
  }

  /**
   * Starts opening a session and returns at once. Frames may arrive (through {@code handler})
   * before {@link #opened()} completes; {@link #send} works from the first received frame on.
   * {@link #opened()} fails with {@link UnauthorizedException} when the server refuses the token
   * (HTTP 401 before the upgrade), and with another exception for any other failure.
   */
  public static WebSocketConnection open(
      HttpClient http, URI uri, String token, Duration connectTimeout, Handler handler) {
    WebSocketConnection connection = new WebSocketConnection(handler);
    connection.opened =
        http.newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .connectTimeout(connectTimeout)
            .buildAsync(uri, connection.new Listener())
            .handle(
                (ws, error) -> {
                  if (error != null) {
                    throw new CompletionException(classify(error));
                  }
                  if (connection.ended.get()) {
                    ws.abort(); // aborted while the handshake was still running
                  }
                  return null;
                });
    return connection;
  }

  /** Completes when the upgrade succeeded; fails when it did not. */
  public CompletableFuture<Void> opened() {
    return opened;
  }

  private static Throwable classify(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof WebSocketHandshakeException handshake
        && handshake.getResponse() != null
        && handshake.getResponse().statusCode() == 401) {
      return new UnauthorizedException();
    }
    return cause;
  }

  /** Queues one text frame; a failed write ends the connection with {@link Handler#onFailure}. */
  public synchronized void send(String text) {
    WebSocket ws = socket;
    if (ws == null || ended.get()) {
      return;
    }
    sendTail =
        sendTail
            .thenCompose(ignored -> ws.sendText(text, true))
            .whenComplete(
                (ignored, error) -> {
                  if (error != null) {
                    fail(error);
                  }
                });
  }

  /**
   * Closes politely (1000) and stops reporting; the socket is aborted if the close cannot be sent.
   */
  public void close() {
    if (ended.compareAndSet(false, true)) {
      WebSocket ws = socket;
      if (ws != null) {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((ignored, error) -> ws.abort());
      }
    }
  }

  /** Drops the connection at once without a close handshake, and stops reporting. */
  public void abort() {
    ended.set(true);
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }

  private void fail(Throwable error) {
    if (ended.compareAndSet(false, true)) {
      abortQuietly();
      handler.onFailure(error);
    }
  }

  private void abortQuietly() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }

  /**
   * The JDK listener: one message at a time, requested only after the previous one was handed on.
   */
  private final class Listener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket webSocket) {
      // Set here, not when buildAsync completes: the server's first frame can arrive before that.
      socket = webSocket;
      if (ended.get()) {
        webSocket.abort();
        return;
      }
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (!ended.get()) {
          handler.onText(text);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      // The protocol has no binary frames from the server; skip them.
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (ended.compareAndSet(false, true)) {
        webSocket.abort();
        handler.onClosed(statusCode, reason);
      }
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      fail(error);
    }
  }
}
