package dev.parley.client.request;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Request/response frames matched by {@code ref}. A request made while offline waits for the next
 * session. What happens to one in flight when a session ends depends on whether repeating it is
 * harmless:
 *
 * <ul>
 *   <li>{@link #submit}: reads ({@code open}, {@code conversations}, {@code history}, {@code
 *       group_info}…) and {@code create_group}, whose idempotency key makes the server answer a
 *       repeat with the group the first attempt made. They are sent again, as the same frame, on
 *       the next session.
 *   <li>{@link #submitOnce}: group changes that a repeat would not undo but refuse ({@code
 *       group_add} of someone the first attempt added is {@code invalid_members}). If the session
 *       ends before the answer, the request fails with {@link
 *       ParleyRequestException#CONNECTION_LOST}: it may or may not have taken effect.
 * </ul>
 *
 * <p>Not thread-safe: used on the client's event loop only.
 */
public final class PendingRequests {
  private static final class Pending {
    final ClientFrame frame;
    final boolean repeatable;
    final CompletableFuture<ServerFrame> reply = new CompletableFuture<>();
    boolean sent;

    Pending(ClientFrame frame, boolean repeatable) {
      this.frame = frame;
      this.repeatable = repeatable;
    }
  }

  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private long nextRef;
  private Consumer<ClientFrame> wire;

  /**
   * Registers a request built for a fresh ref, sent now if a session is up and again on every new
   * session until answered.
   */
  public CompletableFuture<ServerFrame> submit(Function<String, ClientFrame> frameForRef) {
    return register(frameForRef, true);
  }

  /**
   * Registers a request that must reach the server at most once: it fails instead of being repeated
   * when the session ends before its answer.
   */
  public CompletableFuture<ServerFrame> submitOnce(Function<String, ClientFrame> frameForRef) {
    return register(frameForRef, false);
  }

  private CompletableFuture<ServerFrame> register(
      Function<String, ClientFrame> frameForRef, boolean repeatable) {
    String ref = "q" + ++nextRef;
    Pending request = new Pending(frameForRef.apply(ref), repeatable);
    pending.put(ref, request);
    if (wire != null) {
      send(request);
    }
    return request.reply;
  }

  /** A session is up: send every waiting request through {@code wire}. */
  public void onConnected(Consumer<ClientFrame> wire) {
    this.wire = wire;
    pending.values().forEach(this::send);
  }

  /** The session ended: requests that must not be repeated and were sent are in doubt. */
  public void onDisconnected() {
    wire = null;
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending request = it.next();
      if (request.sent && !request.repeatable) {
        it.remove();
        request.reply.completeExceptionally(
            new ParleyRequestException(
                ParleyRequestException.CONNECTION_LOST,
                "the connection dropped before the server answered; the change may or may not"
                    + " have been made"));
      }
    }
  }

  /** Completes the request named by the reply's ref; returns false if no request has that ref. */
  public boolean complete(String ref, ServerFrame reply) {
    Pending request = ref == null ? null : pending.remove(ref);
    if (request == null) {
      return false;
    }
    if (reply instanceof ServerFrame.Error error) {
      request.reply.completeExceptionally(
          new ParleyRequestException(error.code(), error.message()));
    } else {
      request.reply.complete(reply);
    }
    return true;
  }

  /** Fails every request (the client is closing or stopped). */
  public void failAll(RuntimeException cause) {
    pending.values().forEach(request -> request.reply.completeExceptionally(cause));
    pending.clear();
  }

  private void send(Pending request) {
    request.sent = true;
    wire.accept(request.frame);
  }
}
