package dev.parley.cluster.kafka;

import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.log.ReceiptUpdate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Keeps at most one receipt command per (conversation, user, device) in flight to Kafka, merging
 * the reports that arrive meanwhile. A device reading a burst of messages sends a {@code received}
 * and a {@code read} for each; positions only move forward, so the newest maximum says all of them.
 *
 * <ul>
 *   <li>Idle: a report waits on {@code linger} (a few milliseconds in a node) for the reports right
 *       behind it, merged into it, then goes as one command. A client reports {@code received} and
 *       {@code read} for the same messages together when the chat is open; without the wait the
 *       first would go alone and the second follow as a command of its own.
 *   <li>Busy: a report for a key whose command is not yet acknowledged waits as the key's one
 *       pending command (the maximum of every report merged into it; read implies delivered). It is
 *       produced when the command in flight is acknowledged, successfully or not, on {@code
 *       followUps} (never on the producer's I/O thread, where a full buffer would block the thread
 *       that empties it). A report the command in flight already covers rides on that one.
 *   <li>Each caller's future completes when the command that carries its position is acknowledged,
 *       and fails with it: a failed produce fails exactly its callers, and the pending command
 *       after it is still produced.
 *   <li>Bounded: a key is in the map only while it has a command in flight, so the map holds at
 *       most the keys of the node's devices that reported within one produce round trip.
 * </ul>
 *
 * Never blocks; {@link #report} is called from gateway threads.
 */
final class ReceiptCoalescer {
  private final Function<ReceiptUpdate, CompletableFuture<Void>> produce;
  private final Executor followUps;
  private final Executor linger;
  private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
  private final Counter reports;
  private final Counter commands;

  /**
   * {@code produce} puts one receipt command on the commands topic and completes when Kafka
   * acknowledges it.
   */
  ReceiptCoalescer(
      Function<ReceiptUpdate, CompletableFuture<Void>> produce,
      Executor followUps,
      MeterRegistry meters) {
    this(produce, followUps, Runnable::run, meters);
  }

  /** {@code linger} runs an idle key's first command: after a short delay, or at once. */
  ReceiptCoalescer(
      Function<ReceiptUpdate, CompletableFuture<Void>> produce,
      Executor followUps,
      Executor linger,
      MeterRegistry meters) {
    this.produce = produce;
    this.followUps = followUps;
    this.linger = linger;
    this.reports =
        Counter.builder("parley.receipt.reports")
            .description("received/read reports accepted for the commands topic")
            .register(meters);
    this.commands =
        Counter.builder("parley.receipt.commands")
            .description("receipt commands produced to the commands topic")
            .register(meters);
  }

  /** Completes when Kafka has a command carrying this report's positions. */
  CompletableFuture<Void> report(ReceiptUpdate u) {
    reports.increment();
    Key key = new Key(u.conv().value(), u.user(), u.device());
    ReceiptPosition position = ReceiptPosition.NONE.advance(u.delivered(), u.read());
    CompletableFuture<Void> caller = new CompletableFuture<>();
    boolean[] idle = new boolean[1];
    slots.compute(
        key,
        (k, slot) -> {
          if (slot == null) {
            idle[0] = true;
            return new Slot(u, position, caller);
          }
          slot.merge(position, caller);
          return slot;
        });
    if (idle[0]) {
      try {
        linger.execute(() -> sendFirst(key));
      } catch (RejectedExecutionException e) {
        sendFirst(key); // shutting down: the closed producer fails it at once
      }
    }
    return caller;
  }

  /** An idle key's command, with whatever was merged into it while it waited. */
  private void sendFirst(Key key) {
    ReceiptUpdate[] first = new ReceiptUpdate[1];
    slots.computeIfPresent(
        key,
        (k, slot) -> {
          slot.produced = true;
          first[0] = slot.inFlight;
          return slot;
        });
    if (first[0] != null) {
      send(key, first[0]);
    }
  }

  /** Keys with a command in flight (for tests and the bound). */
  int keys() {
    return slots.size();
  }

  private void send(Key key, ReceiptUpdate update) {
    commands.increment();
    CompletableFuture<Void> acked;
    try {
      acked = produce.apply(update);
    } catch (RuntimeException e) {
      acked = CompletableFuture.failedFuture(e);
    }
    acked.whenComplete((ok, e) -> acknowledged(key, e));
  }

  private void acknowledged(Key key, Throwable failure) {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    ReceiptUpdate[] next = new ReceiptUpdate[1];
    slots.computeIfPresent(
        key,
        (k, slot) -> {
          done.addAll(slot.inFlightCallers);
          if (!slot.promotePending()) {
            return null; // nothing waits: the key leaves the map
          }
          next[0] = slot.inFlight;
          return slot;
        });
    if (next[0] != null) {
      ReceiptUpdate update = next[0];
      try {
        followUps.execute(() -> send(key, update));
      } catch (RejectedExecutionException e) {
        send(key, update); // shutting down: the closed producer fails it at once
      }
    }
    for (CompletableFuture<Void> caller : done) {
      if (failure == null) {
        caller.complete(null);
      } else {
        caller.completeExceptionally(failure);
      }
    }
  }

  private record Key(String conv, String user, String device) {}

  /** A key's command in flight and its pending one; guarded by the map's per-key compute. */
  private static final class Slot {
    private final ReceiptUpdate template;
    ReceiptUpdate inFlight;

    /** False while the first command waits for its linger: reports then merge into it. */
    boolean produced;

    private ReceiptPosition inFlightPosition;
    List<CompletableFuture<Void>> inFlightCallers = new ArrayList<>(1);
    private ReceiptPosition pending;
    private List<CompletableFuture<Void>> pendingCallers;

    Slot(ReceiptUpdate first, ReceiptPosition position, CompletableFuture<Void> caller) {
      this.template = first;
      this.inFlight = first;
      this.inFlightPosition = position;
      inFlightCallers.add(caller);
    }

    void merge(ReceiptPosition position, CompletableFuture<Void> caller) {
      if (!produced) {
        inFlightPosition = inFlightPosition.advance(position.delivered(), position.read());
        inFlight = updateAt(inFlightPosition);
        inFlightCallers.add(caller);
        return;
      }
      if (pending == null
          && inFlightPosition
              .advance(position.delivered(), position.read())
              .equals(inFlightPosition)) {
        inFlightCallers.add(caller); // already said by the command in flight
        return;
      }
      if (pending == null) {
        pending = position;
        pendingCallers = new ArrayList<>(2);
      } else {
        pending = pending.advance(position.delivered(), position.read());
      }
      pendingCallers.add(caller);
    }

    private ReceiptUpdate updateAt(ReceiptPosition p) {
      return new ReceiptUpdate(
          template.conv(), template.user(), template.device(), p.delivered(), p.read());
    }

    /** The pending command becomes the one in flight; false if there is none. */
    boolean promotePending() {
      if (pending == null) {
        return false;
      }
      inFlight = updateAt(pending);
      inFlightPosition = pending;
      inFlightCallers = pendingCallers;
      pending = null;
      pendingCallers = null;
      return true;
    }
  }
}
