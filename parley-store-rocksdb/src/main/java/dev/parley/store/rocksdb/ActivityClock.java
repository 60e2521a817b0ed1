package dev.parley.store.rocksdb;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Stamps for "last activity" that never tie and never go back: microseconds of wall time, bumped by
 * one when two stamps would be equal. Shared by the sequencer shards (a compare-and-set, no lock).
 * After a restart it starts from the wall clock again, which is ahead of every earlier stamp unless
 * the clock was set back; then only the conversation list's order is affected, never a message.
 */
final class ActivityClock {
  private final AtomicLong last = new AtomicLong();

  long next(long nowMillis) {
    long candidate = nowMillis * 1_000;
    return last.updateAndGet(prev -> Math.max(prev + 1, candidate));
  }
}
