package dev.parley.core.messaging;

/**
 * Per-device rate limits (token buckets: a sustained rate per second and a burst), and the bound on
 * one connection's requests in flight. Each kind of frame has its own bucket, so a chatty typing
 * indicator can never slow down messages, and a flood of reads never starves sends. The buckets
 * belong to the device, not to the connection ({@link DeviceRateLimiters}): reconnecting does not
 * refill them.
 *
 * @param messagesPerSecond {@code send} frames per second per device (default 50)
 * @param messageBurst {@code send} frames a device may send at once (default 200)
 * @param receiptsPerSecond {@code received} and {@code read} frames per second (default 200)
 * @param receiptBurst burst of receipt frames (default 400)
 * @param chatterPerSecond {@code typing} and {@code presence} frames, and the small lookups ({@code
 *     group_info}, {@code read_by}, {@code users}), per second (default 10)
 * @param chatterBurst burst of chatter frames (default 20)
 * @param readsPerSecond {@code history}, {@code conversations} and {@code sync} frames per second:
 *     each costs a storage read on the shared read pool (default 20)
 * @param readBurst burst of read frames, enough for a client loading its conversation list and the
 *     first page of many conversations at start-up (default 100)
 * @param opensPerSecond {@code open} frames per second: each looks a handle up, so a fast stream of
 *     them enumerates handles (default 1)
 * @param openBurst burst of {@code open} frames (default 20)
 * @param maxPendingReads requests of one connection waiting for the read pool ({@code history},
 *     {@code conversations}, {@code open}, {@code presence}, {@code users}); one more is answered
 *     {@code overloaded} at once instead of queueing (default 32)
 */
public record RateLimits(
    int messagesPerSecond,
    int messageBurst,
    int receiptsPerSecond,
    int receiptBurst,
    int chatterPerSecond,
    int chatterBurst,
    int readsPerSecond,
    int readBurst,
    int opensPerSecond,
    int openBurst,
    int maxPendingReads) {

  public static final RateLimits DEFAULTS =
      new RateLimits(50, 200, 200, 400, 10, 20, 20, 100, 1, 20, 32);

  /** No practical limit (benchmarks, and tests that work in bulk). */
  public static final RateLimits UNLIMITED =
      new RateLimits(
          1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000,
          1_000_000, 1_000_000, 1_000_000);

  public RateLimits {
    if (messagesPerSecond < 1
        || messageBurst < 1
        || receiptsPerSecond < 1
        || receiptBurst < 1
        || chatterPerSecond < 1
        || chatterBurst < 1
        || readsPerSecond < 1
        || readBurst < 1
        || opensPerSecond < 1
        || openBurst < 1
        || maxPendingReads < 1) {
      throw new IllegalArgumentException("every rate, burst and bound must be at least 1");
    }
  }

  /** Sends, receipts and chatter as given; reads, opens and pending reads at their defaults. */
  public RateLimits(
      int messagesPerSecond,
      int messageBurst,
      int receiptsPerSecond,
      int receiptBurst,
      int chatterPerSecond,
      int chatterBurst) {
    this(
        messagesPerSecond,
        messageBurst,
        receiptsPerSecond,
        receiptBurst,
        chatterPerSecond,
        chatterBurst,
        DEFAULTS.readsPerSecond,
        DEFAULTS.readBurst,
        DEFAULTS.opensPerSecond,
        DEFAULTS.openBurst,
        DEFAULTS.maxPendingReads);
  }

  /** These limits with another read rate and burst. */
  public RateLimits withReads(int perSecond, int burst) {
    return new RateLimits(
        messagesPerSecond,
        messageBurst,
        receiptsPerSecond,
        receiptBurst,
        chatterPerSecond,
        chatterBurst,
        perSecond,
        burst,
        opensPerSecond,
        openBurst,
        maxPendingReads);
  }

  /** These limits with another {@code open} rate and burst. */
  public RateLimits withOpens(int perSecond, int burst) {
    return new RateLimits(
        messagesPerSecond,
        messageBurst,
        receiptsPerSecond,
        receiptBurst,
        chatterPerSecond,
        chatterBurst,
        readsPerSecond,
        readBurst,
        perSecond,
        burst,
        maxPendingReads);
  }

  /** These limits with another bound on a connection's pending reads. */
  public RateLimits withMaxPendingReads(int bound) {
    return new RateLimits(
        messagesPerSecond,
        messageBurst,
        receiptsPerSecond,
        receiptBurst,
        chatterPerSecond,
        chatterBurst,
        readsPerSecond,
        readBurst,
        opensPerSecond,
        openBurst,
        bound);
  }
}
