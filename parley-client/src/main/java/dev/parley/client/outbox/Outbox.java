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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drains the durable outbox to the server, each message keeping its UUID key across retries so the
 * server stores it once.
 *
 * <ul>
 *   <li><b>Order</b>: each conversation is a lane drained in composition order, with at most {@code
 *       conversationWindow} messages awaiting {@code sent} (32 by default). The server stores a
 *       device's sends to a conversation in the order they arrive, and after refusing one for now
 *       it refuses every later send of that conversation ({@code out_of_order}) until the refused
 *       one comes again (docs/protocol.md, "Sending", Order). So after a refusal the lane stops,
 *       waits for the answers to everything it still has in flight (each refused one goes back to
 *       the lane in its place), then, after the pause, sends again from the oldest: nothing
 *       overtakes. Lanes run in parallel, at most {@code window} messages in flight in all.
 *   <li>A message leaves the outbox only on the server's {@code sent} (or when the feed shows it
 *       stored).
 *   <li>On disconnect every in-flight message goes back to its place in its lane and is sent again,
 *       oldest first, after the next {@code welcome}; the server answers a repeat with the original
 *       {@code seq}.
 *   <li>{@code rate_limited} / {@code overloaded} / {@code internal}: the message goes back to its
 *       place in its lane, which pauses for {@code retryAfterMs}, or a full-jitter backoff delay
 *       (base 250 ms, cap 30 s by default) when the server gives none. {@code out_of_order}: the
 *       message goes back too; the lane pauses by the backoff only if nothing paused it already.
 *   <li>Any other error is permanent: the message is marked failed, the application told, the lane
 *       moves on.
 * </ul>
 *
 * <p>Not thread-safe: every method runs on the client's event loop, which also runs the retry
 * timer.
 */
public final class Outbox {
  /** Errors after which the same frame is sent again later. */
  private static final Set<String> RETRYABLE =
      Set.of(ErrorCode.OVERLOADED.wire(), ErrorCode.INTERNAL.wire(), ErrorCode.RATE_LIMITED.wire());

  /**
   * One conversation's queue: waiting entries by composition order, the in-flight count, a retry
   * pause.
   */
  private static final class Lane {
    final TreeMap<Long, OutboxEntry> waiting = new TreeMap<>();
    int inFlight;
    long pausedUntilNanos;

    /**
     * A send of this lane was refused: send nothing until every one in flight is answered, so the
     * refused ones are all back in place before the lane starts again from the oldest.
     */
    boolean refused;

    boolean paused(long now) {
      return now - pausedUntilNanos < 0;
    }
  }

  private final LocalStore store;
  private final int window;
  private final int conversationWindow;
  private final Backoff retryBackoff;
  private final ScheduledExecutorService loop;
  private final Consumer<StatusChange> statusSink;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final Map<String, OutboxEntry> inFlight = new LinkedHashMap<>();
  private final Map<String, Integer> failedAttempts = new HashMap<>();
  private Consumer<ClientFrame> wire;
  private Identity me;

  public Outbox(
      LocalStore store,
      int window,
      int conversationWindow,
      Duration retryBase,
      Duration retryCap,
      ScheduledExecutorService loop,
      Consumer<StatusChange> statusSink) {
    this.store = store;
    this.window = window;
    this.conversationWindow = conversationWindow;
    this.retryBackoff = new Backoff(retryBase, retryCap);
    this.loop = loop;
    this.statusSink = statusSink;
  }

  /** Loads what a previous run left pending (composed offline, or before a crash). */
  public void loadPending() {
    store.outbox().pending().forEach(this::queue);
  }

  /** Queues an entry just written to the store. */
  public void enqueue(OutboxEntry entry) {
    if (!inFlight.containsKey(entry.id())) {
      queue(entry);
    }
    pump();
  }

  private void queue(OutboxEntry entry) {
    lanes.computeIfAbsent(entry.conv(), conv -> new Lane()).waiting.put(entry.order(), entry);
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
    inFlight.values().forEach(this::queue);
    inFlight.clear();
    lanes
        .values()
        .forEach(
            lane -> {
              lane.inFlight = 0;
              lane.refused = false;
            });
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
   * The feed shows a message of this device stored (a catch-up after its {@code sent} was lost):
   * same effect as {@code sent}.
   */
  public void onSeenInFeed(String id, long seq, long ts) {
    confirm(id, seq, ts);
  }

  private void confirm(String id, long seq, long ts) {
    OutboxEntry entry = takeInFlight(id);
    if (entry == null) {
      entry = store.outbox().entry(id).orElse(null);
      if (entry != null && lanes.containsKey(entry.conv())) {
        lanes.get(entry.conv()).waiting.remove(entry.order());
      }
    }
    failedAttempts.remove(id);
    if (entry != null && me != null && store.outbox().markSent(id, seq, ts, me)) {
      statusSink.accept(
          new StatusChange(id, entry.conv(), seq, store.statusOf(entry.conv(), seq), null));
    }
    pump();
  }

  /** Handles an {@code error} whose ref names an outbox message; returns false if it is not one. */
  public boolean onError(ServerFrame.Error error) {
    OutboxEntry entry = error.ref() == null ? null : takeInFlight(error.ref());
    if (entry == null) {
      return false;
    }
    boolean outOfOrder = ErrorCode.OUT_OF_ORDER.wire().equals(error.code());
    if (RETRYABLE.contains(error.code()) || outOfOrder) {
      int attempts = failedAttempts.merge(entry.id(), 1, Integer::sum);
      queue(entry);
      Lane lane = lanes.get(entry.conv());
      lane.refused = true;
      long now = System.nanoTime();
      if (!outOfOrder || !lane.paused(now)) {
        long delayMs =
            error.retryAfterMs() != null
                ? error.retryAfterMs()
                : retryBackoff.delayForAttempt(attempts - 1);
        long until = now + TimeUnit.MILLISECONDS.toNanos(delayMs);
        if (!lane.paused(now) || until - lane.pausedUntilNanos > 0) {
          lane.pausedUntilNanos = until;
        }
        loop.schedule(this::pump, delayMs + 1, TimeUnit.MILLISECONDS);
      }
    } else {
      failedAttempts.remove(entry.id());
      if (store.outbox().markFailed(entry.id(), error.code())) {
        statusSink.accept(
            new StatusChange(entry.id(), entry.conv(), 0, MessageStatus.FAILED, error.code()));
      }
    }
    pump();
    return true;
  }

  private OutboxEntry takeInFlight(String id) {
    OutboxEntry entry = inFlight.remove(id);
    if (entry != null) {
      lanes.get(entry.conv()).inFlight--;
    }
    return entry;
  }

  /**
   * Sends while the window has room: each time the head of the lane composed earliest among the
   * lanes that are neither full nor paused.
   */
  public void pump() {
    if (wire == null) {
      return;
    }
    long now = System.nanoTime();
    while (inFlight.size() < window) {
      Lane next = null;
      for (Lane lane : lanes.values()) {
        if (lane.refused && lane.inFlight == 0) {
          lane.refused = false;
        }
        if (!lane.waiting.isEmpty()
            && !lane.refused
            && lane.inFlight < conversationWindow
            && !lane.paused(now)
            && (next == null || lane.waiting.firstKey() < next.waiting.firstKey())) {
          next = lane;
        }
      }
      if (next == null) {
        break;
      }
      OutboxEntry entry = next.waiting.pollFirstEntry().getValue();
      next.inFlight++;
      inFlight.put(entry.id(), entry);
      // The ref is the key itself, so an error frame names its message without another table.
      wire.accept(
          new ClientFrame.Send(entry.id(), entry.id(), entry.conv(), entry.body(), entry.after()));
    }
    lanes
        .values()
        .removeIf(lane -> lane.waiting.isEmpty() && lane.inFlight == 0 && !lane.paused(now));
  }
}
