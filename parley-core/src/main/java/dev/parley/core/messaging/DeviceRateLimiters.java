package dev.parley.core.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The rate limiters of devices, by device id, so that every connection of a device draws on the
 * same buckets and reconnecting does not refill them.
 *
 * <p>Bounded without losing anything: a device's entry is forgotten once it has been unused for as
 * long as its emptiest bucket takes to refill ({@link DeviceRateLimiter#refillTime}, seconds with
 * the defaults) — by then a fresh entry is exactly as full, so forgetting grants nothing. Memory is
 * therefore proportional to the devices active in the last few seconds. Forgetting happens in
 * sweeps when the map has doubled since the last one, so each call costs O(1) amortised.
 */
public final class DeviceRateLimiters {
  private static final int MIN_SWEEP_AT = 1_024;

  private final RateLimits limits;
  private final long forgetAfterNanos;
  private final LongSupplier nanoClock;
  private final Map<String, DeviceRateLimiter> byDevice = new ConcurrentHashMap<>();
  private volatile int sweepAt = MIN_SWEEP_AT;

  public DeviceRateLimiters(RateLimits limits) {
    this(limits, System::nanoTime);
  }

  /** With the clock the buckets refill by: tests stop it so a slow machine refills nothing. */
  public DeviceRateLimiters(RateLimits limits, LongSupplier nanoClock) {
    this.limits = limits;
    this.nanoClock = nanoClock;
    this.forgetAfterNanos =
        DeviceRateLimiter.refillTime(limits).plus(Duration.ofSeconds(1)).toNanos();
  }

  public RateLimits limits() {
    return limits;
  }

  /** The device's limiter, created on its first use or after it was forgotten. */
  public DeviceRateLimiter of(String deviceId) {
    long now = nanoClock.getAsLong();
    DeviceRateLimiter limiter =
        byDevice.computeIfAbsent(deviceId, d -> new DeviceRateLimiter(limits, nanoClock));
    limiter.touch(now);
    if (byDevice.size() >= sweepAt) {
      sweep(now);
    }
    return limiter;
  }

  /** Devices currently remembered. */
  int size() {
    return byDevice.size();
  }

  private synchronized void sweep(long now) {
    if (byDevice.size() < sweepAt) {
      return;
    }
    byDevice.values().removeIf(l -> now - l.lastUsedNanos() > forgetAfterNanos);
    sweepAt = Math.max(MIN_SWEEP_AT, byDevice.size() * 2);
  }
}
