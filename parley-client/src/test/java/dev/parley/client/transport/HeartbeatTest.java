package dev.parley.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
  private static final long S = 1_000_000_000L;
  private final Heartbeat heartbeat = new Heartbeat(Duration.ofSeconds(25), Duration.ofSeconds(60));

  @Test
  void pingsEveryIntervalWhileFramesArrive() {
    heartbeat.restart(0);
    assertThat(heartbeat.check(24 * S, true)).isEqualTo(Heartbeat.Due.NOTHING);
    assertThat(heartbeat.check(25 * S, true)).isEqualTo(Heartbeat.Due.PING);
    heartbeat.received(26 * S);
    assertThat(heartbeat.check(49 * S, true)).isEqualTo(Heartbeat.Due.NOTHING);
    assertThat(heartbeat.check(50 * S, true)).isEqualTo(Heartbeat.Due.PING);
  }

  @Test
  void silenceLongerThanDeadAfterMeansDeadEvenWhilePinging() {
    heartbeat.restart(0);
    assertThat(heartbeat.check(25 * S, true)).isEqualTo(Heartbeat.Due.PING);
    assertThat(heartbeat.check(50 * S, true)).isEqualTo(Heartbeat.Due.PING);
    assertThat(heartbeat.check(60 * S, true)).isEqualTo(Heartbeat.Due.NOTHING);
    assertThat(heartbeat.check(60 * S + 1, true)).isEqualTo(Heartbeat.Due.DEAD);
  }

  @Test
  void anUnfinishedHandshakeNeverPingsButStillTimesOut() {
    heartbeat.restart(0);
    assertThat(heartbeat.check(30 * S, false)).isEqualTo(Heartbeat.Due.NOTHING);
    assertThat(heartbeat.check(61 * S, false)).isEqualTo(Heartbeat.Due.DEAD);
  }
}
