package dev.parley.bench.load;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one receiving device has seen of one sender's stream, by the sender's message counter {@code
 * k}: distinct messages, duplicates, and messages that arrived after a later one (out of order). A
 * message never seen by the end of the run is lost; {@link ChatLoad} computes that from the
 * sender's acked count. Confined to the device's event-loop thread, except {@link #distinct()}
 * which the driver polls.
 */
final class DeliveryTracker {
  private long expected;

  /** Messages skipped, each with the later one whose arrival skipped it (what overtook it). */
  private final Map<Long, Long> missing = new HashMap<>();

  private long lastOvertaker = -1;
  private volatile long distinct;
  private long duplicated;
  private long outOfOrder;
  private long lastSeq;
  private long firstSeq = -1;
  private final BitSet seen = new BitSet();
  private long outOfSeqOrder;

  /** The message whose arrival first skipped the last one {@link #accept} found out of order. */
  long lastOvertaker() {
    return lastOvertaker;
  }

  /** Records message {@code k}; true if it arrived after a later one of its sender. */
  boolean accept(long k) {
    if (k == expected) {
      expected++;
      distinct++;
    } else if (k > expected) {
      for (long j = expected; j < k; j++) {
        missing.put(j, k);
      }
      expected = k + 1;
      distinct++;
    } else if (missing.containsKey(k)) {
      lastOvertaker = missing.remove(k);
      outOfOrder++;
      distinct++;
      return true;
    } else {
      duplicated++;
    }
    return false;
  }

  /**
   * The seq the server gave a message, in arrival order: one below a seq already seen arrived out
   * of the conversation's order, which tells a delivery problem from one of storage order (a
   * message stored after a later one of its sender arrives in seq order but out of the sender's
   * order). False when this seq arrived before: a device that resumes its feed after a reconnect
   * may get events again, as the protocol allows, and a client keeps the first copy.
   */
  boolean seq(long seq) {
    if (seq < firstSeq || firstSeq < 0) {
      if (firstSeq < 0) {
        firstSeq = seq;
      } else {
        outOfSeqOrder++; // below the first seq this device got: cannot be a repeat
        return true;
      }
    }
    int index = (int) (seq - firstSeq);
    if (seen.get(index)) {
      return false; // the same message again, after a reconnect resumed from an older cursor
    }
    seen.set(index);
    if (seq < lastSeq) {
      outOfSeqOrder++;
    }
    lastSeq = Math.max(lastSeq, seq);
    return true;
  }

  long outOfSeqOrder() {
    return outOfSeqOrder;
  }

  long distinct() {
    return distinct;
  }

  /**
   * The sender's messages below {@code acked} this device has not seen, lowest first, at most
   * {@code limit}; call once the device's event loop is done with it (after the drain).
   */
  List<Long> undelivered(long acked, int limit) {
    List<Long> out = new ArrayList<>();
    // Every gap lies below expected, so the gaps, then the tail, come lowest first.
    for (long k : new TreeSet<>(missing.keySet())) {
      if (k >= acked || out.size() == limit) {
        return out;
      }
      out.add(k);
    }
    for (long k = expected; k < acked && out.size() < limit; k++) {
      out.add(k);
    }
    return out;
  }

  long duplicated() {
    return duplicated;
  }

  long outOfOrder() {
    return outOfOrder;
  }
}
