package dev.parley.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeviceRateLimitersTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final RateLimits limits = RateLimits.DEFAULTS.withReads(1, 2);
  private final DeviceRateLimiters limiters = new DeviceRateLimiters(limits, nanos::get);

  @Test
  void aDeviceKeepsItsBucketsAcrossConnections() {
    DeviceRateLimiter first = limiters.of("phone");
    assertThat(first.tryAcquire(DeviceRateLimiter.Kind.READ)).isZero();
    assertThat(first.tryAcquire(DeviceRateLimiter.Kind.READ)).isZero();
    assertThat(first.tryAcquire(DeviceRateLimiter.Kind.READ)).isPositive();
    // Reconnecting gets the same, still empty, bucket; another device has its own.
    assertThat(limiters.of("phone").tryAcquire(DeviceRateLimiter.Kind.READ)).isPositive();
    assertThat(limiters.of("laptop").tryAcquire(DeviceRateLimiter.Kind.READ)).isZero();
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(limiters.of("phone").tryAcquire(DeviceRateLimiter.Kind.READ)).isZero();
  }

  @Test
  void devicesAreForgottenOnlyOnceTheirBucketsAreFullAgain() {
    DeviceRateLimiter phone = limiters.of("phone");
    phone.tryAcquire(DeviceRateLimiter.Kind.READ);
    phone.tryAcquire(DeviceRateLimiter.Kind.READ);
    for (int i = 0; i < 2_000; i++) {
      limiters.of("device" + i);
    }
    assertThat(limiters.of("phone")).isSameAs(phone);

    nanos.addAndGet(DeviceRateLimiter.refillTime(limits).plusSeconds(2).toNanos());
    for (int i = 0; i < 5_000; i++) {
      limiters.of("later" + i);
    }
    assertThat(limiters.size()).isLessThan(5_100);
    DeviceRateLimiter again = limiters.of("phone");
    assertThat(again.tryAcquire(DeviceRateLimiter.Kind.READ)).isZero();
    assertThat(again.tryAcquire(DeviceRateLimiter.Kind.READ)).isZero();
    assertThat(again.tryAcquire(DeviceRateLimiter.Kind.READ)).isPositive();
  }

  @Test
  void refillTimeIsTheSlowestBucket() {
    assertThat(DeviceRateLimiter.refillTime(RateLimits.DEFAULTS))
        .isEqualTo(Duration.ofSeconds(20)); // open: burst 20 at 1/s
  }
}
