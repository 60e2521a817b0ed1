package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

  @Test
  void aGapFilledLaterIsOutOfTheSendersOrderAndARepeatIsADuplicate() {
    DeliveryTracker t = new DeliveryTracker();
    t.accept(0);
    t.accept(2);
    t.accept(1);
    t.accept(2);

    assertThat(t.distinct()).isEqualTo(3);
    assertThat(t.outOfOrder()).isEqualTo(1);
    assertThat(t.duplicated()).isEqualTo(1);
    assertThat(t.lastOvertaker()).as("2 arrived before 1").isEqualTo(2);
  }

  @Test
  void aSeqBelowOneAlreadySeenIsDeliveryOutOfTheConversationsOrder() {
    DeliveryTracker t = new DeliveryTracker();
    t.seq(1);
    t.seq(3);
    t.seq(4);
    assertThat(t.outOfSeqOrder()).isZero();

    t.seq(2);
    t.seq(5);

    assertThat(t.outOfSeqOrder()).isEqualTo(1);
  }

  @Test
  void theSameSeqAgainAfterAReconnectIsNotCountedTwice() {
    DeliveryTracker t = new DeliveryTracker();
    assertThat(t.seq(7)).isTrue();
    assertThat(t.seq(8)).isTrue();
    assertThat(t.seq(7)).isFalse();
    assertThat(t.seq(8)).isFalse();
    assertThat(t.seq(9)).isTrue();

    assertThat(t.outOfSeqOrder()).isZero();
  }

  @Test
  void theUndeliveredAreTheGapsAndTheTailBelowWhatWasAcked() {
    DeliveryTracker t = new DeliveryTracker();
    t.accept(0);
    t.accept(2);
    t.accept(5);

    assertThat(t.undelivered(8, 10)).containsExactly(1L, 3L, 4L, 6L, 7L);
    assertThat(t.undelivered(8, 2)).containsExactly(1L, 3L);
    assertThat(t.undelivered(4, 10)).containsExactly(1L, 3L);
  }
}
