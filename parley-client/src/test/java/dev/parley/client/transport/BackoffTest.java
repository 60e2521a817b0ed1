package dev.parley.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysStayWithinTheDoublingCeilingAndTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    for (int attempt = 0; attempt < 40; attempt++) {
      long ceiling = Math.min(30_000, 250L << Math.min(attempt, 30));
      for (int i = 0; i < 50; i++) {
        assertThat(backoff.delayForAttempt(attempt)).isBetween(0L, ceiling);
      }
    }
  }

  @Test
  void jitterSpreadsDelaysAcrossTheWholeRange() {
    Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(1));
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long d = backoff.delayForAttempt(0);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isLessThan(100);
    assertThat(max).isGreaterThan(900);
  }

  @Test
  void resetStartsAgainFromTheBase() {
    Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(30));
    for (int i = 0; i < 20; i++) {
      backoff.nextDelayMillis();
    }
    backoff.reset();
    assertThat(backoff.nextDelayMillis()).isLessThanOrEqualTo(10);
  }

  @Test
  void rejectsACapBelowTheBase() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
