package dev.parley.core.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refusals of one bounded queue at most once per interval, with how many there were. Under a
 * flood a line (let alone a stack trace) per refusal would cost more than the refused work and bury
 * everything else in the log.
 */
final class OverloadLog {
  private static final Logger LOG = LoggerFactory.getLogger(OverloadLog.class);

  private final String queue;
  private final long intervalNanos;
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private final AtomicLong nextLogAt;

  OverloadLog(String queue, long intervalMillis) {
    this.queue = queue;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.nextLogAt = new AtomicLong(System.nanoTime());
  }

  void refused() {
    refusedSinceLog.incrementAndGet();
    long now = System.nanoTime();
    long due = nextLogAt.get();
    if (now - due >= 0 && nextLogAt.compareAndSet(due, now + intervalNanos)) {
      long n = refusedSinceLog.getAndSet(0);
      LOG.warn(
          "{} queue full: refused {} request(s) with 'overloaded' (logged at most every {} s;"
              + " see parley_overloaded_total)",
          queue,
          n,
          TimeUnit.NANOSECONDS.toSeconds(intervalNanos));
    }
  }
}
