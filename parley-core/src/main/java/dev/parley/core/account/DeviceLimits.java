package dev.parley.core.account;

import java.time.Duration;

/**
 * How many devices a user keeps and how long an unused one lives. Each log-in creates a device;
 * without these a user's devices (and valid tokens) would only ever grow.
 *
 * @param maxPerUser devices one user may have (default 32). A log-in beyond it revokes the user's
 *     least recently used device (closing its session with 4003), so a user who lost their tokens
 *     can always log in again
 * @param idleExpiry a device not used for this long is revoked: its token is refused and the device
 *     removed when next seen, or when its user next logs in (default 90 days)
 * @param touchInterval a device's last use is written at authentication at most once per this
 *     interval, so reconnecting costs no write (default 1 h)
 */
public record DeviceLimits(int maxPerUser, Duration idleExpiry, Duration touchInterval) {

  public static final DeviceLimits DEFAULTS =
      new DeviceLimits(32, Duration.ofDays(90), Duration.ofHours(1));

  public DeviceLimits {
    if (maxPerUser < 1
        || idleExpiry == null
        || touchInterval == null
        || idleExpiry.isNegative()
        || idleExpiry.isZero()
        || touchInterval.isNegative()) {
      throw new IllegalArgumentException(
          "maxPerUser must be at least 1, idleExpiry positive, touchInterval not negative");
    }
    if (touchInterval.compareTo(idleExpiry) >= 0) {
      throw new IllegalArgumentException("touchInterval must be shorter than idleExpiry");
    }
  }
}
