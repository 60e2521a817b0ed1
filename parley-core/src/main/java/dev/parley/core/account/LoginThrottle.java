package dev.parley.core.account;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing and mass registration down ({@link LoginLimits}): per handle, failed
 * log-ins back off exponentially up to a temporary lock; per remote address, failed log-ins and
 * registrations draw on token buckets.
 *
 * <p>An attempt counts as failed from the moment it starts ({@link #beginLogin}) until {@link
 * #loginSucceeded} takes it back. Parallel guesses therefore cannot all slip in before the first of
 * them fails: the attempt after the free ones is already held back. Unknown handles are tracked
 * like known ones, so the answers do not tell which handles exist.
 *
 * <p>Memory is bounded by {@link LoginLimits#maxTracked} per map: when full, entries that no longer
 * hold anyone back go first, then the oldest.
 */
final class LoginThrottle {
  /** Longest handle key kept: valid handles are at most 32 characters. */
  private static final int MAX_KEY = 64;

  private final LoginLimits limits;
  private final Clock clock;
  private final TimeMeter time;
  private final Map<String, HandleState> handles = new ConcurrentHashMap<>();
  private final Map<String, AddressState> addresses = new ConcurrentHashMap<>();

  LoginThrottle(LoginLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return clock.millis() * 1_000_000;
          }

          @Override
          public boolean isWallClockBased() {
            return true;
          }
        };
  }

  /**
   * Before a password is checked: throws {@code too_many_attempts} while the handle or the address
   * must wait, else counts the attempt as failed until {@link #loginSucceeded}.
   */
  void beginLogin(String handle, String address) {
    long now = clock.millis();
    String key = handleKey(handle);
    AddressState from = address(address, now);
    EstimationProbe probe = from.failures.estimateAbilityToConsume(1);
    if (!probe.canBeConsumed()) {
      throw tooMany(
          "too many failed log-ins from your address; retry later",
          probe.getNanosToWaitForRefill() / 1_000_000);
    }
    long[] waitMs = {0};
    handles.compute(
        key,
        (k, s) -> {
          if (s != null && s.blockedUntil > now) {
            waitMs[0] = s.blockedUntil - now;
            return s;
          }
          int failures = s == null || s.expired(now) ? 1 : s.failures + 1;
          return new HandleState(failures, now, now + delayAfter(failures), forgetMs());
        });
    if (waitMs[0] > 0) {
      throw tooMany("too many failed log-ins for this handle; retry later", waitMs[0]);
    }
    from.failures.tryConsume(1);
    trim(handles, now);
  }

  /** The password was right: the attempt was no failure after all. */
  void loginSucceeded(String handle, String address) {
    handles.remove(handleKey(handle));
    AddressState from = addresses.get(addressKey(address));
    if (from != null) {
      from.failures.addTokens(1);
    }
  }

  /** Before a registration: throws {@code too_many_attempts} if the address must wait. */
  void beginRegistration(String address) {
    ConsumptionProbe probe =
        address(address, clock.millis()).registrations.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw tooMany(
          "too many registrations from your address; retry later",
          probe.getNanosToWaitForRefill() / 1_000_000);
    }
  }

  /** Handles currently remembered (tests). */
  int trackedHandles() {
    return handles.size();
  }

  /** The delay before the next attempt after {@code failures} failures. */
  long delayAfter(int failures) {
    int beyond = failures - limits.freeFailures();
    if (beyond <= 0) {
      return 0;
    }
    long first = limits.firstDelay().toMillis();
    long max = limits.maxDelay().toMillis();
    // 2^(beyond-1) without overflow: past 62 doublings every delay is the maximum anyway.
    return beyond > 62 || first > (max >> (beyond - 1))
        ? max
        : Math.min(max, first << (beyond - 1));
  }

  private long forgetMs() {
    return limits.forgetAfter().toMillis();
  }

  private AddressState address(String address, long now) {
    AddressState state =
        addresses.computeIfAbsent(
            addressKey(address),
            a ->
                new AddressState(
                    bucket(limits.addressFailureBurst(), limits.addressFailureInterval()),
                    bucket(
                        limits.addressRegistrationBurst(), limits.addressRegistrationInterval())));
    state.lastUsed = now;
    trim(addresses, now);
    return state;
  }

  private Bucket bucket(int burst, Duration interval) {
    return Bucket.builder()
        .withCustomTimePrecision(time)
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(1, interval).build())
        .build();
  }

  /**
   * Over the bound: forget what is as good as new (nothing is lost), then, if still over, the least
   * recently active.
   */
  private <S extends Tracked> void trim(Map<String, S> map, long now) {
    if (map.size() <= limits.maxTracked()) {
      return;
    }
    synchronized (map) {
      if (map.size() <= limits.maxTracked()) {
        return;
      }
      map.values().removeIf(s -> s.expired(now));
      int excess = map.size() - limits.maxTracked() * 3 / 4;
      if (excess > 0) {
        List<Map.Entry<String, S>> oldest = new ArrayList<>(map.entrySet());
        oldest.sort(Comparator.comparingLong(e -> e.getValue().lastSeen()));
        for (int i = 0; i < excess && i < oldest.size(); i++) {
          map.remove(oldest.get(i).getKey(), oldest.get(i).getValue());
        }
      }
    }
  }

  private static String handleKey(String handle) {
    String h = handle == null ? "" : handle.trim().toLowerCase(Locale.ROOT);
    return h.length() > MAX_KEY ? h.substring(0, MAX_KEY) : h;
  }

  private static String addressKey(String address) {
    return address == null ? "unknown" : address;
  }

  private static AccountException tooMany(String message, long waitMs) {
    return new AccountException(AccountException.TOO_MANY_ATTEMPTS, message, Math.max(1, waitMs));
  }

  private interface Tracked {
    long lastSeen();

    /** Forgetting it now changes nothing: a fresh entry would be the same. */
    boolean expired(long now);
  }

  /** A handle's failures in a row, the last one's time, and until when it must wait. */
  private record HandleState(int failures, long lastFailure, long blockedUntil, long forgetAfterMs)
      implements Tracked {

    @Override
    public long lastSeen() {
      return lastFailure;
    }

    @Override
    public boolean expired(long now) {
      return blockedUntil <= now && now - lastFailure >= forgetAfterMs;
    }
  }

  /** An address's buckets; as good as new once both are full again. */
  private final class AddressState implements Tracked {
    final Bucket failures;
    final Bucket registrations;
    volatile long lastUsed;

    AddressState(Bucket failures, Bucket registrations) {
      this.failures = failures;
      this.registrations = registrations;
    }

    @Override
    public long lastSeen() {
      return lastUsed;
    }

    @Override
    public boolean expired(long now) {
      return failures.getAvailableTokens() >= limits.addressFailureBurst()
          && registrations.getAvailableTokens() >= limits.addressRegistrationBurst();
    }
  }
}
