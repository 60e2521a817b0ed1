package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.log.LogUnavailableException;
import dev.parley.core.log.ReceiptUpdate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The gateway's receipt coalescing, with a produce function the test acknowledges by hand. */
class ReceiptCoalescerTest {
  private static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");
  private static final ConversationId BC = ConversationId.direct("bbbb", "cccc");

  /** Each produced command with the future its acknowledgement completes. */
  private record Produced(ReceiptUpdate update, CompletableFuture<Void> ack) {}

  private final List<Produced> produced = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ReceiptCoalescer coalescer = coalescer(Runnable::run);

  /** A coalescer whose commands land in {@link #produced}; {@code linger} runs an idle key's. */
  private ReceiptCoalescer coalescer(Executor linger) {
    return new ReceiptCoalescer(
        u -> {
          CompletableFuture<Void> ack = new CompletableFuture<>();
          produced.add(new Produced(u, ack));
          return ack;
        },
        Runnable::run,
        linger,
        meters);
  }

  private static ReceiptUpdate received(ConversationId conv, long seq) {
    return new ReceiptUpdate(conv, "bbbb", "b-dev", seq, 0);
  }

  private static ReceiptUpdate read(ConversationId conv, long seq) {
    return new ReceiptUpdate(conv, "bbbb", "b-dev", seq, seq);
  }

  @Test
  void anIdleReportIsProducedAtOnceAndCompletesWithItsAcknowledgement() {
    CompletableFuture<Void> f = coalescer.report(received(AB, 3));
    assertThat(produced).extracting(Produced::update).containsExactly(received(AB, 3));
    assertThat(f).isNotDone();
    produced.get(0).ack().complete(null);
    assertThat(f).isCompleted();
    assertThat(coalescer.keys()).isZero();
  }

  @Test
  void reportsThatArriveWhileTheFirstLingersGoAsThatOneCommand() {
    List<Runnable> lingering = new ArrayList<>();
    ReceiptCoalescer lingers = coalescer(lingering::add);

    CompletableFuture<Void> first = lingers.report(received(AB, 3));
    CompletableFuture<Void> second = lingers.report(read(AB, 3));
    assertThat(produced).isEmpty();

    lingering.forEach(Runnable::run);
    assertThat(produced).extracting(Produced::update).containsExactly(read(AB, 3));
    produced.get(0).ack().complete(null);
    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(lingers.keys()).isZero();
  }

  @Test
  void aBurstWhileOneIsInFlightBecomesOneCommandWithTheLargestPositions() {
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    callers.add(coalescer.report(received(AB, 1)));
    callers.add(coalescer.report(read(AB, 1)));
    callers.add(coalescer.report(received(AB, 3)));
    callers.add(coalescer.report(read(AB, 2)));
    callers.add(coalescer.report(received(AB, 2))); // behind: must not pull anything back
    assertThat(produced).hasSize(1);

    produced.get(0).ack().complete(null);
    assertThat(callers.get(0)).isCompleted();
    assertThat(callers.subList(1, 5)).noneMatch(CompletableFuture::isDone);
    assertThat(produced)
        .extracting(Produced::update)
        .containsExactly(received(AB, 1), new ReceiptUpdate(AB, "bbbb", "b-dev", 3, 2));

    produced.get(1).ack().complete(null);
    assertThat(callers).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(coalescer.keys()).isZero();
    assertThat(meters.get("parley.receipt.reports").counter().count()).isEqualTo(5);
    assertThat(meters.get("parley.receipt.commands").counter().count()).isEqualTo(2);
  }

  @Test
  void aReportTheCommandInFlightAlreadyCarriesRidesOnIt() {
    CompletableFuture<Void> first = coalescer.report(read(AB, 5));
    CompletableFuture<Void> again = coalescer.report(received(AB, 4));
    produced.get(0).ack().complete(null);
    assertThat(first).isCompleted();
    assertThat(again).isCompleted();
    assertThat(produced).hasSize(1);
    assertThat(coalescer.keys()).isZero();
  }

  @Test
  void aFailedProduceFailsItsCallersAndStillProducesThePendingOne() {
    CompletableFuture<Void> inFlight = coalescer.report(received(AB, 1));
    CompletableFuture<Void> alsoInFlight = coalescer.report(received(AB, 1));
    CompletableFuture<Void> pending = coalescer.report(read(AB, 2));
    LogUnavailableException down = new LogUnavailableException("down", true, null);
    produced.get(0).ack().completeExceptionally(down);

    assertThat(inFlight).isCompletedExceptionally();
    assertThat(alsoInFlight).isCompletedExceptionally();
    assertThat(pending).isNotDone();
    assertThat(produced).extracting(Produced::update).last().isEqualTo(read(AB, 2));

    produced.get(1).ack().complete(null);
    assertThat(pending).isCompleted();
    assertThat(coalescer.keys()).isZero();
  }

  @Test
  void aProduceThatThrowsFailsItsCallerAndLeavesNothingBehind() {
    ReceiptCoalescer throwing =
        new ReceiptCoalescer(
            u -> {
              throw new IllegalStateException("producer closed");
            },
            Runnable::run,
            meters);
    assertThat(throwing.report(read(AB, 1))).isCompletedExceptionally();
    assertThat(throwing.keys()).isZero();
  }

  @Test
  void keysAreSeparatePerConversationUserAndDevice() {
    coalescer.report(received(AB, 1));
    coalescer.report(received(BC, 1));
    coalescer.report(new ReceiptUpdate(AB, "bbbb", "b-phone", 1, 0));
    coalescer.report(new ReceiptUpdate(AB, "aaaa", "a-dev", 1, 0));
    assertThat(produced).hasSize(4);
    assertThat(coalescer.keys()).isEqualTo(4);
    produced.forEach(p -> p.ack().complete(null));
    assertThat(coalescer.keys()).isZero();
  }

  @Test
  void theMapEmptiesAfterABurstAndTheNextReportIsImmediateAgain() {
    for (int seq = 1; seq <= 100; seq++) {
      coalescer.report(received(AB, seq));
      coalescer.report(read(AB, seq));
    }
    assertThat(produced).hasSize(1);
    produced.get(0).ack().complete(null);
    produced.get(1).ack().complete(null);
    assertThat(produced).extracting(Produced::update).last().isEqualTo(read(AB, 100));
    assertThat(coalescer.keys()).isZero();

    coalescer.report(read(AB, 101));
    assertThat(produced).hasSize(3);
  }
}
