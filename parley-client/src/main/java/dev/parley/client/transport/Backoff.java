package dev.parley.client.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th delay (n from 0) is drawn uniformly from {@code
 * [0, min(cap, base * 2^n)]}. Full jitter spreads the reconnects of many clients that lost the same
 * server at the same moment, so a restarted server is not hit by one synchronized wave.
 *
 * <p>Not thread-safe: each owner (the connection loop, one outbox entry) keeps its own instance or
 * calls it from one thread.
 */
public final class Backoff {
  /** Default first ceiling: 250 ms. */
  public static final Duration DEFAULT_BASE = Duration.ofMillis(250);

  /** Default largest ceiling: 30 s. */
  public static final Duration DEFAULT_CAP = Duration.ofSeconds(30);

  private final long baseMillis;
  private final long capMillis;
  private int attempt;

  public Backoff(Duration base, Duration cap) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap, got base " + base + ", cap " + cap);
    }
    this.baseMillis = base.toMillis();
    this.capMillis = cap.toMillis();
  }

  /** The delay before the next attempt; each call doubles the ceiling until it reaches the cap. */
  public long nextDelayMillis() {
    return delayForAttempt(attempt++);
  }

  /** The delay for attempt {@code n} (0-based) without changing this instance's count. */
  public long delayForAttempt(int n) {
    long ceiling = baseMillis << Math.min(n, 30);
    if (ceiling <= 0 || ceiling > capMillis) {
      ceiling = capMillis;
    }
    return ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  /** Starts again from the base after a success. */
  public void reset() {
    attempt = 0;
  }
}
