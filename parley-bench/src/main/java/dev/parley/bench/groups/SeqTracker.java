package dev.parley.bench.groups;

import java.util.BitSet;

/**
 * What one device has received of one group, by the group's {@code seq}: each seq seen, seqs seen
 * twice (duplicated), and seqs that arrived after a higher one (reordered). Which seqs were lost is
 * known only at the end, against the seqs the senders were acknowledged ({@link DeliveryLedger}).
 * Written on the device's event loop and read once the run has drained; the methods are
 * synchronized for that hand-over, never contended.
 */
final class SeqTracker {
  private final BitSet seen = new BitSet();
  private long highest;
  private long duplicated;
  private long reordered;

  synchronized void accept(long seq) {
    int i = Math.toIntExact(seq);
    if (seen.get(i)) {
      duplicated++;
      return;
    }
    seen.set(i);
    if (seq < highest) {
      reordered++;
    }
    highest = Math.max(highest, seq);
  }

  synchronized boolean seen(long seq) {
    return seen.get(Math.toIntExact(seq));
  }

  synchronized long distinct() {
    return seen.cardinality();
  }

  synchronized long duplicated() {
    return duplicated;
  }

  synchronized long reordered() {
    return reordered;
  }
}
