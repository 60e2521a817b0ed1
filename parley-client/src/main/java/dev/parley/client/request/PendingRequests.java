package dev.parley.client.request;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Request/response frames ({@code open}, {@code conversations}, {@code history}) matched by {@code
 * ref}. A request made while offline waits for the next session; one in flight when a session ends
 * is sent again on the next (these requests only read, so repeating them is harmless).
 *
 * <p>Not thread-safe: used on the client's event loop only.
 */
public final class PendingRequests {
  private record Pending(ClientFrame frame, CompletableFuture<ServerFrame> reply) {}

  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private long nextRef;
  private Consumer<ClientFrame> wire;

  /** Registers a request built for a fresh ref, and sends it now if a session is up. */
  public CompletableFuture<ServerFrame> submit(Function<String, ClientFrame> frameForRef) {
    String ref = "q" + ++nextRef;
    Pending request = new Pending(frameForRef.apply(ref), new CompletableFuture<>());
    pending.put(ref, request);
    if (wire != null) {
      wire.accept(request.frame());
    }
    return request.reply();
  }

  /** A session is up: send every waiting request through {@code wire}. */
  public void onConnected(Consumer<ClientFrame> wire) {
    this.wire = wire;
    pending.values().forEach(request -> wire.accept(request.frame()));
  }

  public void onDisconnected() {
    wire = null;
  }

  /** Completes the request named by the reply's ref; returns false if no request has that ref. */
  public boolean complete(String ref, ServerFrame reply) {
    Pending request = ref == null ? null : pending.remove(ref);
    if (request == null) {
      return false;
    }
    if (reply instanceof ServerFrame.Error error) {
      request
          .reply()
          .completeExceptionally(new ParleyRequestException(error.code(), error.message()));
    } else {
      request.reply().complete(reply);
    }
    return true;
  }

  /** Fails every request (the client is closing or stopped). */
  public void failAll(RuntimeException cause) {
    pending.values().forEach(request -> request.reply().completeExceptionally(cause));
    pending.clear();
  }
}
