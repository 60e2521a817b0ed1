package dev.parley.cluster.kafka;

import dev.parley.core.log.AppendResult;
import dev.parley.core.log.UnknownMemberException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's appends that wait for the reply of the sequencer owning their conversation, by
 * request id. Replies come from this node's own sequencer or, through the push bus, from another
 * node's; a reply to no waiting append (it timed out already) is dropped. Thread-safe.
 */
public final class PendingAppends {
  private final Map<String, CompletableFuture<AppendResult>> waiting = new ConcurrentHashMap<>();

  /**
   * The future that the reply to {@code requestId} completes; it fails with a {@link
   * java.util.concurrent.TimeoutException} if none comes within {@code timeout}.
   */
  CompletableFuture<AppendResult> register(String requestId, Duration timeout) {
    CompletableFuture<AppendResult> result = new CompletableFuture<>();
    waiting.put(requestId, result);
    result
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> waiting.remove(requestId));
    return result;
  }

  /** Completes the append that {@code reply} answers. */
  public void complete(SequencerReply reply) {
    CompletableFuture<AppendResult> f = waiting.remove(reply.requestId());
    if (f == null) {
      return;
    }
    if (reply.error() != null) {
      f.completeExceptionally(
          new UnknownMemberException("a member of the conversation does not exist"));
    } else {
      f.complete(new AppendResult(reply.seq(), reply.ts(), reply.duplicate()));
    }
  }

  /** Fails every waiting append with {@code cause} (the node is shutting down). */
  void failAll(Throwable cause) {
    waiting.values().forEach(f -> f.completeExceptionally(cause));
  }
}
