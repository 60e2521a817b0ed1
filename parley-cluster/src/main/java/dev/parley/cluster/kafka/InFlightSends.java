package dev.parley.cluster.kafka;

import dev.parley.core.log.AppendResult;
import dev.parley.core.log.NewMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * This node's sends still waiting for their sequencer's answer, by what the device sent. A retry of
 * one of them (the same conversation, device, id, body and {@code after}: a client that got no
 * answer in time and sent again) waits for the first attempt's answer instead of putting a second
 * command on the log. Under overload, clients' retries would otherwise add commands as fast as the
 * sequencers fall behind, each a key the sequencer must look up in storage: a backlog that feeds
 * itself. The retry is answered as a duplicate, as the sequencer would have answered it.
 *
 * <p>An entry lives as long as its send waits, at most the reply timeout; thread-safe.
 */
final class InFlightSends {
  private final Map<NewMessage, CompletableFuture<AppendResult>> waiting =
      new ConcurrentHashMap<>();
  private final Counter joined;

  InFlightSends(MeterRegistry meters) {
    this.joined =
        Counter.builder("parley.send.retries.joined")
            .description(
                "retries of a send still waiting for its sequencer, answered with its answer instead"
                    + " of a second command")
            .register(meters);
  }

  /** {@code append}'s answer to {@code m}, or the answer of the same send already waiting here. */
  CompletableFuture<AppendResult> send(
      NewMessage m, Function<NewMessage, CompletableFuture<AppendResult>> append) {
    CompletableFuture<AppendResult> mine = new CompletableFuture<>();
    CompletableFuture<AppendResult> first = waiting.putIfAbsent(m, mine);
    if (first != null) {
      joined.increment();
      return first.thenApply(r -> new AppendResult(r.seq(), r.ts(), true));
    }
    append
        .apply(m)
        .whenComplete(
            (r, e) -> {
              waiting.remove(m, mine);
              if (e == null) {
                mine.complete(r);
              } else {
                mine.completeExceptionally(
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
              }
            });
    return mine;
  }

  /** Sends waiting for an answer. */
  int size() {
    return waiting.size();
  }
}
