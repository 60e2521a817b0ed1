package dev.parley.core.messaging;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One device's buckets (Bucket4j), shared by every connection of the device through {@link
 * DeviceRateLimiters}. Returns how long to wait when a bucket is empty. Thread-safe.
 */
public final class DeviceRateLimiter {
  /** What a frame draws on: each kind has its own bucket. */
  public enum Kind {
    MESSAGE,
    RECEIPT,
    CHATTER,
    READ,
    OPEN
  }

  private final Bucket messages;
  private final Bucket receipts;
  private final Bucket chatter;
  private final Bucket reads;
  private final Bucket opens;
  private final LongSupplier nanoClock;
  private volatile long lastUsedNanos;

  DeviceRateLimiter(RateLimits limits, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    TimeMeter time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoClock.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    messages = bucket(limits.messagesPerSecond(), limits.messageBurst(), time);
    receipts = bucket(limits.receiptsPerSecond(), limits.receiptBurst(), time);
    chatter = bucket(limits.chatterPerSecond(), limits.chatterBurst(), time);
    reads = bucket(limits.readsPerSecond(), limits.readBurst(), time);
    opens = bucket(limits.opensPerSecond(), limits.openBurst(), time);
    lastUsedNanos = nanoClock.getAsLong();
  }

  /** 0 if allowed, else the milliseconds until a retry would be. */
  public long tryAcquire(Kind kind) {
    Bucket b =
        switch (kind) {
          case MESSAGE -> messages;
          case RECEIPT -> receipts;
          case CHATTER -> chatter;
          case READ -> reads;
          case OPEN -> opens;
        };
    lastUsedNanos = nanoClock.getAsLong();
    ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? 0
        : Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis());
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  void touch(long nowNanos) {
    lastUsedNanos = nowNanos;
  }

  /** How long an untouched device's buckets take to be full again, from empty. */
  static Duration refillTime(RateLimits l) {
    double seconds =
        Math.max(
            Math.max(
                (double) l.messageBurst() / l.messagesPerSecond(),
                (double) l.receiptBurst() / l.receiptsPerSecond()),
            Math.max(
                Math.max(
                    (double) l.chatterBurst() / l.chatterPerSecond(),
                    (double) l.readBurst() / l.readsPerSecond()),
                (double) l.openBurst() / l.opensPerSecond()));
    return Duration.ofMillis((long) Math.ceil(seconds * 1_000));
  }

  private static Bucket bucket(int perSecond, int burst, TimeMeter time) {
    return Bucket.builder()
        .withCustomTimePrecision(time)
        .addLimit(
            Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(perSecond, Duration.ofSeconds(1))
                .build())
        .build();
  }
}
