package dev.parley.cluster.kafka;

import dev.parley.core.log.AppendResult;
import dev.parley.core.log.LogUnavailableException;
import dev.parley.core.log.NewMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * This node's sends whose command is on its way to, or in, the log and not yet answered by the
 * conversation's sequencer, by what the device sent. A retry of one of them (the same conversation,
 * device, id, body and {@code after}: a client that got no answer in time and sent again) waits for
 * the first attempt's answer instead of putting a second command on the log, and is answered as a
 * duplicate, as the sequencer would have answered it.
 *
 * <p>That holds after the client was told to retry, too: a caller waits at most {@code answerWait}
 * (then {@code overloaded}, retry with the same id), but the entry stays until the sequencer
 * answers or the command's own, longer wait for a reply ends. Past saturation a sequencer falls
 * behind by more than the reply timeout; when every timed-out send became a new command on each
 * retry, the log filled with copies of the same messages, each a key the sequencer had to look up
 * in storage, and the cluster delivered less than half of what it carried just below
 * (docs/benchmarks.md). Now a message is on the log once per node, and what exceeds the sequencers'
 * pace waits here.
 *
 * <p>At most {@code capacity} sends wait on a node: past that a new send is refused at once ({@code
 * overloaded}) rather than queued behind a backlog it would make longer. Thread-safe.
 */
final class InFlightSends {
  private final Map<NewMessage, CompletableFuture<AppendResult>> waiting =
      new ConcurrentHashMap<>();
  private final Duration answerWait;
  private final int capacity;
  private final Counter joined;
  private final Counter refused;

  InFlightSends(MeterRegistry meters, Duration answerWait, int capacity) {
    this.answerWait = answerWait;
    this.capacity = capacity;
    this.joined =
        Counter.builder("parley.send.retries.joined")
            .description(
                "retries of a send still waiting for its sequencer, answered with its answer instead"
                    + " of a second command")
            .register(meters);
    this.refused =
        Counter.builder("parley.send.refused.backlog")
            .description(
                "sends refused overloaded because the node's sends waiting were at the cap")
            .register(meters);
    Gauge.builder("parley.send.waiting", waiting, Map::size)
        .description("sends on their way to or in the log, not yet answered by their sequencer")
        .register(meters);
  }

  /**
   * {@code append}'s answer to {@code m}, or the answer of the same send already waiting here,
   * within {@code answerWait}. {@code append}'s future completes when the sequencer answers, or
   * fails when the command stops waiting for a reply.
   */
  CompletableFuture<AppendResult> send(
      NewMessage m, Function<NewMessage, CompletableFuture<AppendResult>> append) {
    CompletableFuture<AppendResult> mine = new CompletableFuture<>();
    CompletableFuture<AppendResult> first = waiting.putIfAbsent(m, mine);
    if (first != null) {
      joined.increment();
      return within(first).thenApply(r -> new AppendResult(r.seq(), r.ts(), true));
    }
    if (waiting.size() > capacity) {
      waiting.remove(m, mine);
      refused.increment();
      return CompletableFuture.failedFuture(
          new LogUnavailableException(
              "too many sends waiting for their sequencers; retry later", true, null));
    }
    append
        .apply(m)
        .whenComplete(
            (r, e) -> {
              waiting.remove(m, mine);
              if (e == null) {
                mine.complete(r);
              } else {
                mine.completeExceptionally(KafkaConversationLog.translate(e));
              }
            });
    return within(mine);
  }

  /** The answer if it comes within {@code answerWait}; else the send is unconfirmed (retry). */
  private CompletableFuture<AppendResult> within(CompletableFuture<AppendResult> answer) {
    return answer
        .copy()
        .orTimeout(answerWait.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(
            e -> CompletableFuture.failedFuture(KafkaConversationLog.translate(e)));
  }

  /** Sends waiting for an answer. */
  int size() {
    return waiting.size();
  }
}
