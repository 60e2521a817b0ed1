package dev.parley.bench.groups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The books of a fan-out run. Message {@code k} is the k-th message the pacer sends: its group,
 * sending device and scheduled time, the seq the server acknowledged it with, how many devices got
 * it and when the last one did. Each online device has a {@link SeqTracker} per group it is in.
 * Latencies are recorded from the scheduled send time (carried in the body), so a stalled server
 * cannot hide the stall by slowing the load (no coordinated omission).
 */
final class DeliveryLedger {
  /** Sender index of a device that is not one of the run's receiving devices. */
  static final int OUTSIDE_SENDER = -1;

  private final List<FanOutGroup> groups;
  private final Map<String, Integer> groupIndex = new HashMap<>();
  private final List<Map<String, SeqTracker>> trackers = new ArrayList<>();
  private final List<Map<Long, Integer>> ackedSeqs = new ArrayList<>();
  private final int capacity;
  private final int[] groupOf;
  private final int[] senderOf;
  private final int[] expectedOf;
  private final long[] scheduledOf;
  private final AtomicLongArray seqOf;
  private final AtomicIntegerArray failedOf;
  private final AtomicIntegerArray deliveriesOf;
  private final AtomicLongArray lastArrivalOf;
  private final Recorder toEachDevice = new Recorder(3);
  private volatile int planned;
  private volatile long measureFrom = Long.MAX_VALUE;

  final LongAdder deliveries = new LongAdder();
  final LongAdder frames = new LongAdder();
  final LongAdder systemEvents = new LongAdder();
  final LongAdder groupReceipts = new LongAdder();
  final LongAdder foreign = new LongAdder();

  DeliveryLedger(List<FanOutGroup> groups, int devices, int capacity) {
    this.groups = groups;
    this.capacity = capacity;
    groupOf = new int[capacity];
    senderOf = new int[capacity];
    expectedOf = new int[capacity];
    scheduledOf = new long[capacity];
    seqOf = new AtomicLongArray(capacity);
    failedOf = new AtomicIntegerArray(capacity);
    deliveriesOf = new AtomicIntegerArray(capacity);
    lastArrivalOf = new AtomicLongArray(capacity);
    for (int d = 0; d < devices; d++) {
      trackers.add(new HashMap<>());
    }
    for (int g = 0; g < groups.size(); g++) {
      FanOutGroup group = groups.get(g);
      groupIndex.put(group.conv(), g);
      ackedSeqs.add(new ConcurrentHashMap<>());
      for (int d : group.receivers()) {
        trackers.get(d).put(group.conv(), new SeqTracker());
      }
    }
  }

  int capacity() {
    return capacity;
  }

  /** The trackers of device {@code d}, by conversation: its feed handler's to fill. */
  Map<String, SeqTracker> trackersOf(int d) {
    return trackers.get(d);
  }

  /** Latencies are recorded for messages scheduled from now on. */
  void measureFrom(long nanos) {
    measureFrom = nanos;
  }

  /** Called by the pacer before message {@code k} is written; {@code k} counts from 0. */
  void planned(int k, int group, int sender, long scheduledNanos) {
    int receivers = groups.get(group).receivers().length;
    groupOf[k] = group;
    senderOf[k] = sender;
    expectedOf[k] = sender == OUTSIDE_SENDER ? receivers : receivers - 1;
    scheduledOf[k] = scheduledNanos;
    planned = k + 1;
  }

  void acked(int k, long seq) {
    seqOf.set(k, seq);
    ackedSeqs.get(groupOf[k]).put(seq, k);
  }

  void failed(int k) {
    failedOf.set(k, 1);
  }

  /** Device got message {@code k} (from its body), scheduled at {@code sendNanos}. */
  void delivered(long k, long sendNanos, long arrivedNanos) {
    if (k < 0 || k >= planned) {
      foreign.increment();
      return;
    }
    int i = (int) k;
    deliveries.increment();
    deliveriesOf.incrementAndGet(i);
    lastArrivalOf.accumulateAndGet(i, arrivedNanos, Math::max);
    if (sendNanos >= measureFrom) {
      toEachDevice.recordValue(Math.max(0, (arrivedNanos - sendNanos) / 1_000));
    }
  }

  /** Every planned message was answered, and every acknowledged one reached every receiver. */
  boolean settled() {
    for (int k = 0; k < planned; k++) {
      if (failedOf.get(k) == 0 && (seqOf.get(k) == 0 || deliveriesOf.get(k) < expectedOf[k])) {
        return false;
      }
    }
    return true;
  }

  /** Counts lost, duplicated and reordered deliveries and the per-message latencies. */
  Tally tally() {
    Tally t = new Tally();
    for (int d = 0; d < trackers.size(); d++) {
      for (Map.Entry<String, SeqTracker> e : trackers.get(d).entrySet()) {
        SeqTracker tracker = e.getValue();
        long matched = 0;
        for (Map.Entry<Long, Integer> acked :
            ackedSeqs.get(groupIndex.get(e.getKey())).entrySet()) {
          if (senderOf[acked.getValue()] == d) {
            continue; // the sending device does not get its own message
          }
          t.expected++;
          if (tracker.seen(acked.getKey())) {
            matched++;
          } else {
            t.lost++;
          }
        }
        t.duplicated += tracker.duplicated();
        t.reordered += tracker.reordered();
        t.unexpected += tracker.distinct() - matched;
      }
    }
    for (int k = 0; k < planned; k++) {
      if (failedOf.get(k) != 0) {
        t.failed++;
      } else if (seqOf.get(k) == 0) {
        t.unacknowledged++;
      } else {
        t.acked++;
        if (scheduledOf[k] >= measureFrom) {
          if (deliveriesOf.get(k) >= expectedOf[k]) {
            long micros = (lastArrivalOf.get(k) - scheduledOf[k]) / 1_000;
            t.toLastDevice.recordValue(Math.max(0, micros));
          } else {
            t.incomplete++;
          }
        }
      }
    }
    t.planned = planned;
    t.worstBySecond = worstBySecond();
    t.toEachDevice = toEachDevice.getIntervalHistogram();
    return t;
  }

  /**
   * Per second of the measured window (by scheduled send time), the slowest message to its last
   * device, in ms: shows whether a tail is one stall or a backlog that builds up.
   */
  private long[] worstBySecond() {
    int seconds = 0;
    for (int k = 0; k < planned; k++) {
      if (scheduledOf[k] >= measureFrom) {
        seconds = Math.max(seconds, (int) ((scheduledOf[k] - measureFrom) / 1_000_000_000L) + 1);
      }
    }
    long[] worst = new long[seconds];
    for (int k = 0; k < planned; k++) {
      if (scheduledOf[k] >= measureFrom && deliveriesOf.get(k) > 0) {
        int s = (int) ((scheduledOf[k] - measureFrom) / 1_000_000_000L);
        worst[s] = Math.max(worst[s], (lastArrivalOf.get(k) - scheduledOf[k]) / 1_000_000);
      }
    }
    return worst;
  }

  /** The counts at the end of a run. */
  static final class Tally {
    long planned;
    long acked;
    long failed;
    long unacknowledged;
    long expected;
    long lost;
    long duplicated;
    long reordered;
    long unexpected;
    long incomplete;
    final Histogram toLastDevice = new Histogram(3);
    Histogram toEachDevice;
    long[] worstBySecond = new long[0];
  }
}
