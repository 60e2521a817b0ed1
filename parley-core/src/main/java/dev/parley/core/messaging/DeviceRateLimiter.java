package dev.parley.core.messaging;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/** One device's buckets (Bucket4j). Returns how long to wait when a bucket is empty. */
final class DeviceRateLimiter {
  enum Kind {
    MESSAGE,
    RECEIPT,
    CHATTER
  }

  private final Bucket messages;
  private final Bucket receipts;
  private final Bucket chatter;

  DeviceRateLimiter(RateLimits limits) {
    messages = bucket(limits.messagesPerSecond(), limits.messageBurst());
    receipts = bucket(limits.receiptsPerSecond(), limits.receiptBurst());
    chatter = bucket(limits.chatterPerSecond(), limits.chatterBurst());
  }

  /** 0 if allowed, else the milliseconds until a retry would be. */
  long tryAcquire(Kind kind) {
    Bucket b =
        switch (kind) {
          case MESSAGE -> messages;
          case RECEIPT -> receipts;
          case CHATTER -> chatter;
        };
    ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? 0
        : Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis());
  }

  private static Bucket bucket(int perSecond, int burst) {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(perSecond, Duration.ofSeconds(1))
                .build())
        .build();
  }
}
