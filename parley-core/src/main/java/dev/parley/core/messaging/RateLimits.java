package dev.parley.core.messaging;

/**
 * Per-device rate limits (token buckets: a sustained rate and a burst). Sends, receipts and the
 * chatter of presence queries and typing each have their own bucket, so a chatty typing indicator
 * can never slow down messages.
 */
public record RateLimits(
    int messagesPerSecond,
    int messageBurst,
    int receiptsPerSecond,
    int receiptBurst,
    int chatterPerSecond,
    int chatterBurst) {

  public static final RateLimits DEFAULTS = new RateLimits(50, 200, 200, 400, 10, 20);

  /** No practical limit (benchmarks). */
  public static final RateLimits UNLIMITED =
      new RateLimits(1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000);
}
