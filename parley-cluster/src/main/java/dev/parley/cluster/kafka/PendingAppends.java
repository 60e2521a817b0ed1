package dev.parley.cluster.kafka;

import dev.parley.cluster.SequencerReply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's appends and group changes that wait for the reply of the sequencer owning their
 * conversation, by request id. Replies come from this node's own sequencer or, through the push
 * bus, from another node's; a reply to no waiting request (it timed out already) is dropped.
 * Thread-safe.
 */
public final class PendingAppends {
  private final Map<String, CompletableFuture<SequencerReply>> waiting = new ConcurrentHashMap<>();

  /**
   * The future that the reply to {@code requestId} completes (exceptionally for a refusal); it
   * fails with a {@link java.util.concurrent.TimeoutException} if none comes within {@code
   * timeout}.
   */
  CompletableFuture<SequencerReply> register(String requestId, Duration timeout) {
    CompletableFuture<SequencerReply> result = new CompletableFuture<>();
    waiting.put(requestId, result);
    result
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> waiting.remove(requestId));
    return result;
  }

  /** Completes the request that {@code reply} answers. */
  public void complete(SequencerReply reply) {
    CompletableFuture<SequencerReply> f = waiting.remove(reply.requestId());
    if (f == null) {
      return;
    }
    if (reply.error() != null) {
      f.completeExceptionally(reply.failure());
    } else {
      f.complete(reply);
    }
  }

  /** Fails every waiting request with {@code cause} (the node is shutting down). */
  void failAll(Throwable cause) {
    waiting.values().forEach(f -> f.completeExceptionally(cause));
  }
}
