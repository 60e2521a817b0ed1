package dev.parley.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloseReactionTest {

  @Test
  void stopsOnlyOnAuthRevocationAndReplacement() {
    assertThat(CloseReaction.of(4001)).isEqualTo(CloseReaction.STOP_UNAUTHORIZED);
    assertThat(CloseReaction.of(4003)).isEqualTo(CloseReaction.STOP_DEVICE_REVOKED);
    assertThat(CloseReaction.of(4009)).isEqualTo(CloseReaction.STOP_REPLACED);
    for (int code : new int[] {1000, 1001, 1006, 1009, 4008, 4500, 4999}) {
      assertThat(CloseReaction.of(code)).as("code %d", code).isEqualTo(CloseReaction.RECONNECT);
    }
  }
}
