package dev.parley.bench.load;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sender and the recipient of one pair share across event-loop threads: the conversation
 * id, how many messages the server acknowledged, and the read receipts in flight (to time their
 * round trip).
 */
final class PairLink {
  final int index;
  final String peerHandle;
  final String peerUserId;
  volatile String conv;
  final AtomicLong sent = new AtomicLong();
  final AtomicLong acked = new AtomicLong();

  /** Messages the server refused with an error: never acknowledged, so expected nowhere. */
  final AtomicLong failed = new AtomicLong();

  private final ArrayDeque<long[]> pendingReads = new ArrayDeque<>();

  /**
   * With {@code -Dparley.bench.traceOrder=true}: what happened to each message of this pair (its
   * attempts and answers), printed for a message that arrives out of its sender's order.
   */
  static final boolean TRACE = Boolean.getBoolean("parley.bench.traceOrder");

  private final Map<Long, StringBuilder> trace = TRACE ? new HashMap<>() : null;
  private static final long T0 = System.nanoTime();

  void trace(long k, String event) {
    if (TRACE) {
      synchronized (trace) {
        trace
            .computeIfAbsent(k, x -> new StringBuilder())
            .append(' ')
            .append((System.nanoTime() - T0) / 1_000_000)
            .append(':')
            .append(event);
      }
    }
  }

  String traceOf(long k) {
    synchronized (trace) {
      StringBuilder b = trace.get(k);
      return b == null ? "" : b.toString();
    }
  }

  PairLink(int index, String peerHandle, String peerUserId) {
    this.index = index;
    this.peerHandle = peerHandle;
    this.peerUserId = peerUserId;
  }

  /** The recipient sent {@code read} up to {@code seq} at {@code nanos}. */
  synchronized void readSent(long seq, long nanos) {
    pendingReads.addLast(new long[] {seq, nanos});
  }

  /**
   * The sender saw the peer's read position reach {@code read}; reports each covered read's round
   * trip.
   */
  synchronized void readSeen(long read, long nowNanos, ChatMetrics metrics) {
    while (!pendingReads.isEmpty() && pendingReads.peekFirst()[0] <= read) {
      metrics.receiptRoundTrip(nowNanos - pendingReads.pollFirst()[1]);
    }
  }
}
