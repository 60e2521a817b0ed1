package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final LoginLimits LIMITS =
      new LoginLimits(
          3,
          Duration.ofSeconds(1),
          Duration.ofMinutes(15),
          Duration.ofHours(24),
          1_000,
          Duration.ofSeconds(1),
          2,
          Duration.ofMinutes(3),
          1_000);

  private final ManualClock clock = new ManualClock(1_000_000);
  private final LoginThrottle throttle = new LoginThrottle(LIMITS, clock);

  @Test
  void failuresBackOffExponentiallyUpToATemporaryLock() {
    for (int i = 0; i < 3; i++) {
      throttle.beginLogin("alice", "10.0.0.1");
    }
    // The fourth failure starts the backoff: 1 s, then 2 s, 4 s, ... up to 15 minutes.
    throttle.beginLogin("alice", "10.0.0.1");
    assertRetryAfter(() -> throttle.beginLogin("alice", "10.0.0.2"), 1_000);
    long expected = 1_000;
    while (expected < 15 * 60_000) {
      clock.advance(Duration.ofMillis(expected));
      throttle.beginLogin("Alice ", "10.0.0.3");
      expected = Math.min(expected * 2, 15 * 60_000);
      assertRetryAfter(() -> throttle.beginLogin("alice", "10.0.0.1"), expected);
    }
    // Locked: every further failure locks for the maximum again, but the lock ends on its own.
    clock.advance(Duration.ofMinutes(15));
    throttle.beginLogin("alice", "10.0.0.1");
    throttle.loginSucceeded("alice", "10.0.0.1");
    throttle.beginLogin("alice", "10.0.0.1");
  }

  @Test
  void aSuccessForgivesTheFailuresAndParallelGuessesCountAtOnce() {
    throttle.beginLogin("bob", null);
    throttle.beginLogin("bob", null);
    throttle.beginLogin("bob", null);
    throttle.beginLogin("bob", null);
    // No answer yet for any of them, and already the fifth is held back.
    assertRetryAfter(() -> throttle.beginLogin("bob", null), 1_000);
    throttle.loginSucceeded("bob", null);
    throttle.beginLogin("bob", null);
  }

  @Test
  void failuresAreForgottenAfterAQuietDay() {
    for (int i = 0; i < 4; i++) {
      throttle.beginLogin("carol", null);
    }
    clock.advance(Duration.ofHours(24));
    for (int i = 0; i < 3; i++) {
      throttle.beginLogin("carol", null);
    }
  }

  @Test
  void anAddressRunsOutOfFailuresAcrossHandlesAndOfRegistrations() {
    LoginThrottle strict =
        new LoginThrottle(
            new LoginLimits(
                100,
                Duration.ofSeconds(1),
                Duration.ofMinutes(15),
                Duration.ofHours(24),
                3,
                Duration.ofSeconds(2),
                2,
                Duration.ofMinutes(3),
                1_000),
            clock);
    strict.beginLogin("a1", "192.0.2.7");
    strict.beginLogin("a2", "192.0.2.7");
    strict.beginLogin("a3", "192.0.2.7");
    assertRetryAfter(() -> strict.beginLogin("a4", "192.0.2.7"), 2_000);
    strict.beginLogin("a4", "192.0.2.8");
    clock.advance(Duration.ofSeconds(2));
    strict.beginLogin("a4", "192.0.2.7");

    strict.beginRegistration("192.0.2.7");
    strict.beginRegistration("192.0.2.7");
    assertRetryAfter(() -> strict.beginRegistration("192.0.2.7"), 180_000);
    strict.beginRegistration("192.0.2.9");
  }

  @Test
  void memoryIsBoundedByForgettingWhatHoldsNobodyBack() {
    LoginThrottle small =
        new LoginThrottle(
            new LoginLimits(
                1,
                Duration.ofSeconds(1),
                Duration.ofMinutes(15),
                Duration.ofMinutes(1),
                1_000_000,
                Duration.ofNanos(1_000),
                1_000_000,
                Duration.ofNanos(1_000),
                100),
            clock);
    for (int i = 0; i < 100; i++) {
      small.beginLogin("user" + i, null);
    }
    clock.advance(Duration.ofMinutes(2));
    small.beginLogin("one-more", null);
    assertThat(small.trackedHandles()).isLessThanOrEqualTo(100);
    for (int i = 0; i < 1_000; i++) {
      small.beginLogin("flood" + i, null);
    }
    assertThat(small.trackedHandles()).isLessThanOrEqualTo(101);
  }

  @Test
  void theDelayNeverOverflows() {
    assertThat(throttle.delayAfter(3)).isZero();
    assertThat(throttle.delayAfter(4)).isEqualTo(1_000);
    assertThat(throttle.delayAfter(5)).isEqualTo(2_000);
    assertThat(throttle.delayAfter(100)).isEqualTo(15 * 60_000);
    assertThat(throttle.delayAfter(Integer.MAX_VALUE)).isEqualTo(15 * 60_000);
  }

  private static void assertRetryAfter(ThrowingCallable call, long millis) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AccountException.class,
            e -> {
              assertThat(e.code()).isEqualTo(AccountException.TOO_MANY_ATTEMPTS);
              assertThat(e.retryAfterMs()).isEqualTo(millis);
            });
  }
}
