package dev.parley.core.account;

import java.time.Duration;

/**
 * How hard guessing passwords and mass registration are made ({@link LoginThrottle}). Throttled
 * calls are refused with {@code too_many_attempts} (HTTP 429 with {@code Retry-After}) without
 * checking the password, so a throttled guess costs no hashing either.
 *
 * <p>Per handle, failed log-ins back off exponentially and end in a temporary lock; per remote
 * address, failed log-ins and registrations draw on token buckets. A lock ends on its own: the real
 * user is kept out at most {@code maxDelay} after the last failed guess, never for good.
 *
 * @param freeFailures failed log-ins of a handle before any delay (default 5)
 * @param firstDelay the delay after the first failure beyond those; each further failure doubles it
 *     (default 1 s)
 * @param maxDelay the longest delay, reached after about a dozen more failures: the temporary lock.
 *     From then on each failed guess locks the handle again for this long (default 15 min)
 * @param forgetAfter a handle's failures are forgotten this long after the last one (default 24 h)
 * @param addressFailureBurst failed log-ins one remote address may make at once, over all handles
 *     (default 30)
 * @param addressFailureInterval after the burst, one more failed log-in per this interval per
 *     address (default 2 s: 1,800 an hour)
 * @param addressRegistrationBurst registrations one remote address may make at once (default 10)
 * @param addressRegistrationInterval after the burst, one more registration per this interval per
 *     address (default 3 min: 20 an hour)
 * @param maxTracked handles, and separately addresses, remembered at once; beyond it those that no
 *     longer hold anyone back are forgotten first (default 100,000)
 */
public record LoginLimits(
    int freeFailures,
    Duration firstDelay,
    Duration maxDelay,
    Duration forgetAfter,
    int addressFailureBurst,
    Duration addressFailureInterval,
    int addressRegistrationBurst,
    Duration addressRegistrationInterval,
    int maxTracked) {

  public static final LoginLimits DEFAULTS =
      new LoginLimits(
          5,
          Duration.ofSeconds(1),
          Duration.ofMinutes(15),
          Duration.ofHours(24),
          30,
          Duration.ofSeconds(2),
          10,
          Duration.ofMinutes(3),
          100_000);

  /** No practical limit: for tests and benchmarks that create many accounts from one address. */
  public static final LoginLimits UNLIMITED =
      new LoginLimits(
          1_000_000,
          Duration.ofMillis(1),
          Duration.ofMillis(1),
          Duration.ofMillis(1),
          1_000_000,
          Duration.ofNanos(1_000),
          1_000_000,
          Duration.ofNanos(1_000),
          100_000);

  public LoginLimits {
    if (freeFailures < 0
        || addressFailureBurst < 1
        || addressRegistrationBurst < 1
        || maxTracked < 1
        || !positive(firstDelay)
        || !positive(maxDelay)
        || !positive(forgetAfter)
        || !positive(addressFailureInterval)
        || !positive(addressRegistrationInterval)) {
      throw new IllegalArgumentException("login limits must be positive");
    }
    if (firstDelay.compareTo(maxDelay) > 0) {
      throw new IllegalArgumentException("firstDelay must not exceed maxDelay");
    }
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
