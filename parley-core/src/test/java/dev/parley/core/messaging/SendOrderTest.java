package dev.parley.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendOrderTest {
  private final AtomicLong now = new AtomicLong();
  private final SendOrder order = new SendOrder(now::get);

  @Test
  void aRefusedMessageHoldsBackLaterOnesOfItsConversationUntilItIsSentAgain() {
    order.refused("d1", "c1", "x");

    assertThat(order.admit("d1", "c1", "y")).isEqualTo("x");
    assertThat(order.admit("d1", "c2", "y")).as("another conversation").isNull();
    assertThat(order.admit("d2", "c1", "y")).as("another device").isNull();
    assertThat(order.admit("d1", "c1", "x")).as("the refused one, again").isNull();
    assertThat(order.admit("d1", "c1", "y")).isNull();
  }

  @Test
  void theSendsHeldBackComeThroughInTheirOrderBeforeAnyLaterOne() {
    order.refused("d1", "c1", "x");
    assertThat(order.admit("d1", "c1", "a")).isEqualTo("x");
    assertThat(order.admit("d1", "c1", "b")).isEqualTo("x");

    // x comes again (on a timer) before the client learned that a and b were refused; c is new.
    assertThat(order.admit("d1", "c1", "x")).isNull();
    assertThat(order.admit("d1", "c1", "c")).as("c would overtake a").isEqualTo("a");
    assertThat(order.admit("d1", "c1", "a")).isNull();
    assertThat(order.admit("d1", "c1", "c")).as("c would overtake b").isEqualTo("b");
    assertThat(order.admit("d1", "c1", "b")).isNull();
    assertThat(order.admit("d1", "c1", "c")).isNull();
    assertThat(order.size()).isZero();
  }

  @Test
  void pastWhatABlockRemembersNoLaterSendIsLetThroughAheadOfOneItForgot() {
    order.refused("d1", "c1", "x");
    for (int i = 0; i <= SendOrder.MAX_HELD_BACK; i++) {
      assertThat(order.admit("d1", "c1", "h" + i)).isEqualTo("x");
    }
    order.stored("d1", "c1", "h0"); // room again in what the block remembers
    assertThat(order.admit("d1", "c1", "late")).isEqualTo("x");

    assertThat(order.admit("d1", "c1", "x")).isNull();
    for (int i = 1; i < SendOrder.MAX_HELD_BACK; i++) {
      assertThat(order.admit("d1", "c1", "late")).isEqualTo("h" + i);
      assertThat(order.admit("d1", "c1", "h" + i)).isNull();
    }
    assertThat(order.size()).as("the forgotten one is up to the client's order again").isZero();
  }

  @Test
  void aBlockedMessageRefusedAgainAsItComesTakesTheBlockBack() {
    order.refused("d1", "c1", "x");
    assertThat(order.admit("d1", "c1", "y")).isEqualTo("x");

    assertThat(order.admit("d1", "c1", "x")).isNull();
    order.refused("d1", "c1", "x"); // still no room for it
    assertThat(order.admit("d1", "c1", "y")).as("y would overtake x").isEqualTo("x");

    assertThat(order.admit("d1", "c1", "x")).isNull();
    assertThat(order.admit("d1", "c1", "z")).isEqualTo("y");
    assertThat(order.admit("d1", "c1", "y")).isNull();
    assertThat(order.admit("d1", "c1", "z")).isNull();
  }

  @Test
  void whenTheBlockedMessageIsStoredTheSendsHeldBackMustComeFirst() {
    order.refused("d1", "c1", "x"); // another attempt of x was in flight, and is stored
    assertThat(order.admit("d1", "c1", "y")).isEqualTo("x");
    order.stored("d1", "c1", "x");

    assertThat(order.admit("d1", "c1", "z")).as("z would overtake y").isEqualTo("y");
    assertThat(order.admit("d1", "c1", "y")).isNull();
    assertThat(order.admit("d1", "c1", "z")).isNull();
  }

  @Test
  void theFirstRefusalNamesTheBlockAndStoringItLiftsIt() {
    order.refused("d1", "c1", "x");
    order.refused("d1", "c1", "y");
    assertThat(order.admit("d1", "c1", "z")).isEqualTo("x");

    order.stored("d1", "c1", "y");
    assertThat(order.admit("d1", "c1", "z")).as("storing another id lifts nothing").isEqualTo("x");
    order.stored("d1", "c1", "x");
    assertThat(order.admit("d1", "c1", "z")).isNull();
    assertThat(order.size()).isZero();
  }

  @Test
  void aBlockOnAMessageTheClientNoLongerHasIsLiftedByTheFirstSendItHeldBack() {
    // Two attempts of x were in flight; the first was stored, the second refused after it.
    order.stored("d1", "c1", "x");
    order.refused("d1", "c1", "x");
    assertThat(order.admit("d1", "c1", "n1")).isEqualTo("x");
    assertThat(order.admit("d1", "c1", "n2")).isEqualTo("x");

    now.addAndGet(SendOrder.HELD_BACK_LIFTS_AFTER.toNanos() + 1);
    assertThat(order.admit("d1", "c1", "n2"))
        .as("only the first one held back may pass, or n2 would overtake n1")
        .isEqualTo("x");
    assertThat(order.admit("d1", "c1", "n1")).isNull();
    assertThat(order.admit("d1", "c1", "n2")).isNull();
    assertThat(order.size()).isZero();
  }

  @Test
  void whenTheFirstSendHeldBackIsStoredAfterAllTheNextOneHeldBackMayLiftTheBlock() {
    order.stored("d1", "c1", "x");
    order.refused("d1", "c1", "x"); // a block the client's sends will never lift
    // n1 was also in flight before the block: this attempt is held back, an earlier one stored.
    assertThat(order.admit("d1", "c1", "n1")).isEqualTo("x");
    order.stored("d1", "c1", "n1");
    assertThat(order.admit("d1", "c1", "n2")).isEqualTo("x");
    assertThat(order.admit("d1", "c1", "n3")).isEqualTo("x");

    now.addAndGet(SendOrder.HELD_BACK_LIFTS_AFTER.toNanos() + 1);
    assertThat(order.admit("d1", "c1", "n3")).as("n3 would pass n2").isEqualTo("x");
    assertThat(order.admit("d1", "c1", "n2")).as("not stalled until the block expires").isNull();
    assertThat(order.admit("d1", "c1", "n3")).isNull();
  }

  @Test
  void theFirstSendHeldBackDoesNotLiftTheBlockEarly() {
    order.refused("d1", "c1", "x");
    assertThat(order.admit("d1", "c1", "n1")).isEqualTo("x");
    now.addAndGet(SendOrder.HELD_BACK_LIFTS_AFTER.toNanos());
    assertThat(order.admit("d1", "c1", "n1")).isEqualTo("x");
    assertThat(order.admit("d1", "c1", "x")).isNull();
  }

  @Test
  void aBlockNotLiftedInTimeIsForgotten() {
    order.refused("d1", "c1", "x");
    now.addAndGet(SendOrder.FORGET_AFTER.toNanos());
    assertThat(order.admit("d1", "c1", "y")).as("at the limit").isEqualTo("x");

    now.incrementAndGet();
    assertThat(order.admit("d1", "c1", "y")).isNull();
    order.refused("d1", "c1", "y");
    assertThat(order.admit("d1", "c1", "z")).as("an expired block gives way").isEqualTo("y");
  }

  @Test
  void blocksAreBoundedAndExpiredOnesMakeRoom() {
    for (int i = 0; i < SendOrder.MAX_BLOCKED; i++) {
      order.refused("d" + i, "c", "x");
    }
    order.refused("late", "c", "x");
    assertThat(order.size()).isEqualTo(SendOrder.MAX_BLOCKED);
    assertThat(order.admit("late", "c", "y")).as("past the bound nothing blocks").isNull();

    now.addAndGet(SendOrder.FORGET_AFTER.toNanos() + 1);
    order.refused("late", "c", "x");
    assertThat(order.size()).isEqualTo(1);
    assertThat(order.admit("late", "c", "y")).isEqualTo("x");
  }
}
