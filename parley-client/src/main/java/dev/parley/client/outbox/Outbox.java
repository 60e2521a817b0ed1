package dev.parley.client.outbox;

import dev.parley.client.MessageStatus;
import dev.parley.client.StatusChange;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.OutboxEntry;
import dev.parley.client.transport.Backoff;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drains the durable outbox to the server: in composition order, at most {@code window} messages awaiting
 * their {@code sent} at a time, each keeping its UUID key across retries so the server stores it once.
 *
 * <ul>
 *   <li>A message leaves the outbox only on the server's {@code sent} (or when the feed shows it stored).
 *   <li>On disconnect every in-flight message goes back to the head of the queue and is sent again after the
 *       next {@code welcome}; the server answers a repeat with the original {@code seq}.
 *   <li>{@code overloaded} / {@code internal}: the message goes back to the head and nothing more is sent
 *       until {@code retryAfterMs}, or a full-jitter backoff delay (base 250 ms, cap 30 s) has passed. Holding
 *       the head keeps the order for everything not yet sent.
 *   <li>Any other error is permanent: the message is marked failed and the application told.
 * </ul>
 *
 * <p>Not thread-safe: every method runs on the client's event loop, which also runs the retry timer.
 */
public final class Outbox {
  /** Errors after which the same frame is sent again later. */
  private static final Set<String> RETRYABLE = Set.of(ErrorCode.OVERLOADED.wire(), ErrorCode.INTERNAL.wire());

  private final LocalStore store;
  private final int window;
  private final Backoff retryBackoff;
  private final ScheduledExecutorService loop;
  private final Consumer<StatusChange> statusSink;
  private final TreeMap<Long, OutboxEntry> waiting = new TreeMap<>();
  private final Map<String, OutboxEntry> inFlight = new LinkedHashMap<>();
  private final Map<String, Integer> failedAttempts = new java.util.HashMap<>();
  private Consumer<ClientFrame> wire;
  private Identity me;
  private long holdUntilNanos;
  private boolean retryScheduled;

  public Outbox(
      LocalStore store,
      int window,
      Duration retryBase,
      Duration retryCap,
      ScheduledExecutorService loop,
      Consumer<StatusChange> statusSink) {
    this.store = store;
    this.window = window;
    this.retryBackoff = new Backoff(retryBase, retryCap);
    this.loop = loop;
    this.statusSink = statusSink;
  }

  /** Loads what a previous run left pending (composed offline, or before a crash). */
  public void loadPending() {
    for (OutboxEntry entry : store.pendingOutbox()) {
      waiting.put(entry.order(), entry);
    }
  }

  /** Queues an entry just written to the store. */
  public void enqueue(OutboxEntry entry) {
    if (!inFlight.containsKey(entry.id())) {
      waiting.put(entry.order(), entry);
    }
    pump();
  }

  /** The session is authenticated: start draining through {@code wire}. */
  public void onConnected(Identity identity, Consumer<ClientFrame> wire) {
    this.me = identity;
    this.wire = wire;
    pump();
  }

  /** The session ended: everything in flight is unconfirmed and will be sent again. */
  public void onDisconnected() {
    wire = null;
    for (OutboxEntry entry : inFlight.values()) {
      waiting.put(entry.order(), entry);
    }
    inFlight.clear();
  }

  /** Number of messages sent and not yet confirmed on the current session. */
  public int inFlightCount() {
    return inFlight.size();
  }

  /** The server stored a message: record it and report its status. */
  public void onSent(ServerFrame.Sent sent) {
    confirm(sent.id(), sent.seq(), sent.ts());
  }

  /**
   * The feed shows a message of this device stored (a catch-up after its {@code sent} was lost): same effect
   * as {@code sent}.
   */
  public void onSeenInFeed(String id, long seq, long ts) {
    confirm(id, seq, ts);
  }

  private void confirm(String id, long seq, long ts) {
    OutboxEntry entry = inFlight.remove(id);
    if (entry == null) {
      entry = store.outboxEntry(id).orElse(null);
      if (entry != null) {
        waiting.remove(entry.order());
      }
    }
    failedAttempts.remove(id);
    if (entry != null && me != null && store.markSent(id, seq, ts, me)) {
      statusSink.accept(new StatusChange(id, entry.conv(), seq, store.statusOf(entry.conv(), seq), null));
    }
    pump();
  }

  /** Handles an {@code error} whose ref names an outbox message; returns false if it is not one. */
  public boolean onError(ServerFrame.Error error) {
    OutboxEntry entry = error.ref() == null ? null : inFlight.remove(error.ref());
    if (entry == null) {
      return false;
    }
    if (RETRYABLE.contains(error.code())) {
      int attempts = failedAttempts.merge(entry.id(), 1, Integer::sum);
      long delayMs =
          error.retryAfterMs() != null ? error.retryAfterMs() : retryBackoff.delayForAttempt(attempts - 1);
      // Everything still in flight after it is unaffected; everything not yet sent waits behind it.
      waiting.put(entry.order(), entry);
      holdUntilNanos = Math.max(holdUntilNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs));
      scheduleRetry(delayMs);
    } else {
      failedAttempts.remove(entry.id());
      if (store.markFailed(entry.id(), error.code())) {
        statusSink.accept(new StatusChange(entry.id(), entry.conv(), 0, MessageStatus.FAILED, error.code()));
      }
    }
    pump();
    return true;
  }

  private void scheduleRetry(long delayMs) {
    if (!retryScheduled) {
      retryScheduled = true;
      loop.schedule(
          () -> {
            retryScheduled = false;
            pump();
          },
          delayMs + 1,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Sends from the head of the queue while the window has room and no retry hold is active. */
  public void pump() {
    if (wire == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - holdUntilNanos < 0) {
      scheduleRetry(TimeUnit.NANOSECONDS.toMillis(holdUntilNanos - now));
      return;
    }
    while (inFlight.size() < window && !waiting.isEmpty()) {
      OutboxEntry entry = waiting.pollFirstEntry().getValue();
      inFlight.put(entry.id(), entry);
      // The ref is the key itself, so an error frame names its message without another table.
      wire.accept(new ClientFrame.Send(entry.id(), entry.id(), entry.conv(), entry.body()));
    }
  }
}
