package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.SequencerReply;
import dev.parley.cluster.cassandra.SequencedWrite.ConversationWrite;
import dev.parley.cluster.cassandra.StoredKey;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sequencer's replay rules, without engines: the same commands on the same state give the same
 * result.
 */
class CommandApplierTest {
  private static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");
  private static final GroupContext NO_GROUPS =
      new GroupContext(
          dev.parley.core.group.GroupLimits.DEFAULTS,
          new dev.parley.cluster.FeedPartitions(1),
          (conv, after, upTo, max) -> java.util.List.of());
  private final ConversationCache cache = new ConversationCache(10);

  @BeforeEach
  void emptyConversation() {
    cache.put(AB, new ConversationCache.Entry(ConversationState.empty(AB), -1, 0));
  }

  private static Command.Send send(UUID id) {
    return new Command.Send(
        AB.value(), "aaaa", "a-dev", id, "hi", null, "node-1", UUID.randomUUID().toString());
  }

  @Test
  void newSendsGetConsecutiveSequencesAndReachEveryMember() {
    CommandApplier applier = new CommandApplier(cache, NO_GROUPS);
    applier.send(10, 1_000, send(UUID.randomUUID()), Optional.empty());
    applier.send(11, 1_000, send(UUID.randomUUID()), Optional.empty());
    BatchOutput out = applier.finish();
    assertThat(out.replies).extracting(r -> r.reply().seq()).containsExactly(1L, 2L);
    assertThat(out.replies).extracting(r -> r.node()).containsOnly("node-1");
    assertThat(out.feed)
        .extracting(BatchOutput.UserRecord::user)
        .containsExactlyInAnyOrder("aaaa", "bbbb", "aaaa", "bbbb");
    assertThat(out.writes)
        .filteredOn(ConversationWrite.class::isInstance)
        .singleElement()
        .satisfies(w -> assertThat(((ConversationWrite) w).offset()).isEqualTo(11));
  }

  @Test
  void aRetryInTheSameBatchIsADuplicateWithTheOriginalResult() {
    UUID id = UUID.randomUUID();
    CommandApplier applier = new CommandApplier(cache, NO_GROUPS);
    applier.send(10, 1_000, send(id), Optional.empty());
    applier.send(11, 2_000, send(id), Optional.empty());
    BatchOutput out = applier.finish();
    assertThat(out.replies.get(1).reply())
        .isEqualTo(
            new SequencerReply(out.replies.get(1).reply().requestId(), 1, 1_000, true, null));
    assertThat(out.newMessages).hasSize(1);
  }

  @Test
  void aKeyStoredAtAnEarlierOffsetIsAClientRetryAndEmitsNothing() {
    CommandApplier applier = new CommandApplier(cache, NO_GROUPS);
    applier.send(20, 5_000, send(UUID.randomUUID()), Optional.of(new StoredKey(7, 900, 3)));
    BatchOutput out = applier.finish();
    assertThat(out.replies.get(0).reply().duplicate()).isTrue();
    assertThat(out.replies.get(0).reply().seq()).isEqualTo(7);
    assertThat(out.feed).isEmpty();
  }

  @Test
  void aKeyStoredAtThisOffsetIsAReplayThatKeepsItsResultAndEmitsAgain() {
    // The owner before wrote the message (seq 1) but its transaction never committed.
    CommandApplier applier = new CommandApplier(cache, NO_GROUPS);
    applier.send(10, 5_000, send(UUID.randomUUID()), Optional.of(new StoredKey(1, 900, 10)));
    applier.send(11, 5_000, send(UUID.randomUUID()), Optional.empty());
    BatchOutput out = applier.finish();
    assertThat(out.replies).extracting(r -> r.reply().seq()).containsExactly(1L, 2L);
    assertThat(out.replies).extracting(r -> r.reply().duplicate()).containsOnly(false);
    assertThat(out.newMessages).extracting(StoredMessage::ts).containsExactly(900L, 5_000L);
    assertThat(out.feed).hasSize(4);
  }

  @Test
  void receiptsMoveForwardOnlyAndAReplayedOneIsEmittedAgain() {
    CommandApplier first = new CommandApplier(cache, NO_GROUPS);
    first.send(10, 1_000, send(UUID.randomUUID()), Optional.empty());
    first.send(11, 1_000, send(UUID.randomUUID()), Optional.empty());
    first.receipt(12, new Command.Receipt(AB.value(), "bbbb", "b-dev", 2, 1, "node-1", null));
    first.receipt(13, new Command.Receipt(AB.value(), "bbbb", "b-dev", 1, 0, "node-1", null));
    BatchOutput out = first.finish();
    assertThat(out.feed)
        .extracting(r -> r.record().event())
        .filteredOn(ReceiptMoved.class::isInstance)
        .containsOnly(new ReceiptMoved(AB.value(), "bbbb", 2, 1));
    // A new owner loads the state written at offset 13 and replays offset 12: the event is emitted
    // again.
    ConversationCache reloaded = new ConversationCache(10);
    reloaded.put(
        AB,
        new ConversationCache.Entry(
            new ConversationState(
                AB, 2, 1_000, 1_000_001, Map.of("bbbb", new ReceiptPosition(2, 1))),
            13,
            0));
    CommandApplier replay = new CommandApplier(reloaded, NO_GROUPS);
    replay.receipt(12, new Command.Receipt(AB.value(), "bbbb", "b-dev", 2, 1, "node-1", null));
    assertThat(replay.finish().feed)
        .extracting(r -> r.record().event())
        .containsOnly(new ReceiptMoved(AB.value(), "bbbb", 2, 1));
  }

  private static Command.Receipt receipt(String device, long delivered, long read) {
    return new Command.Receipt(AB.value(), "bbbb", device, delivered, read, "node-1", null);
  }

  @Test
  void aMembersReceiptsInOneBatchBecomeOneEventAfterTheLastMessageTheyCover() {
    CommandApplier applier = new CommandApplier(cache, NO_GROUPS);
    for (int i = 0; i < 5; i++) {
      applier.send(10 + i, 1_000, send(UUID.randomUUID()), Optional.empty());
    }
    applier.receipt(15, receipt("b-dev", 5, 0));
    applier.send(16, 1_000, send(UUID.randomUUID()), Optional.empty());
    applier.receipt(17, receipt("b-dev", 6, 6));
    applier.receipt(18, receipt("b-dev", 3, 0)); // behind: moves nothing, emits nothing
    BatchOutput out = applier.finish();
    for (String member : AB.members()) {
      assertThat(out.feed)
          .filteredOn(r -> r.user().equals(member))
          .extracting(r -> r.record().event())
          .as(member)
          .hasSize(7)
          .last()
          .isEqualTo(new ReceiptMoved(AB.value(), "bbbb", 6, 6));
    }
    assertThat(out.feed)
        .filteredOn(r -> r.record().event() instanceof ReceiptMoved)
        .extracting(r -> r.record().origin())
        .containsOnly("b-dev");
  }

  @Test
  void mergedReceiptsFromTwoDevicesReachEveryDeviceLive() {
    CommandApplier applier = new CommandApplier(cache, NO_GROUPS);
    applier.send(10, 1_000, send(UUID.randomUUID()), Optional.empty());
    applier.send(11, 1_000, send(UUID.randomUUID()), Optional.empty());
    applier.receipt(12, receipt("b-phone", 2, 0));
    applier.receipt(13, receipt("b-laptop", 2, 1));
    BatchOutput out = applier.finish();
    // b-laptop's own report does not say b-phone's delivered position: no device is skipped.
    assertThat(out.feed)
        .filteredOn(r -> r.record().event() instanceof ReceiptMoved)
        .extracting(r -> r.record().event(), r -> r.record().origin())
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(new ReceiptMoved(AB.value(), "bbbb", 2, 1), null))
        .hasSize(2);
  }

  @Test
  void replayedReceiptsOfABatchAreStillOneEventWithTheCurrentPosition() {
    ConversationCache reloaded = new ConversationCache(10);
    reloaded.put(
        AB,
        new ConversationCache.Entry(
            new ConversationState(
                AB, 3, 1_000, 1_000_001, Map.of("bbbb", new ReceiptPosition(3, 3))),
            14,
            0));
    CommandApplier replay = new CommandApplier(reloaded, NO_GROUPS);
    replay.receipt(13, receipt("b-dev", 2, 0));
    replay.receipt(14, receipt("b-dev", 3, 3));
    assertThat(replay.finish().feed)
        .extracting(r -> r.record().event())
        .containsExactly(
            new ReceiptMoved(AB.value(), "bbbb", 3, 3), new ReceiptMoved(AB.value(), "bbbb", 3, 3));
  }

  @Test
  void inAGroupAMembersReceiptsAndASendersTicksAreOneEventEachPerBatch() {
    ConversationId group = ConversationId.group("aaaa", UUID.randomUUID());
    cache.put(group, new ConversationCache.Entry(ConversationState.empty(group), -1, 0));
    CommandApplier applier = new CommandApplier(cache, NO_GROUPS);
    applier.group(
        1,
        1_000,
        new Command.Group(
            group.value(),
            "create",
            "aaaa",
            "a-dev",
            "t",
            java.util.List.of("bbbb", "cccc"),
            false,
            "node-1",
            "r"),
        Optional.empty(),
        Optional.empty());
    for (int i = 2; i <= 4; i++) {
      applier.send(
          i,
          1_000,
          new Command.Send(
              group.value(), "aaaa", "a-dev", UUID.randomUUID(), "hi", null, "node-1", "r" + i),
          Optional.empty());
    }
    long offset = 5;
    for (String member : java.util.List.of("bbbb", "cccc")) {
      for (long[] report : new long[][] {{2, 0}, {3, 2}, {4, 4}}) {
        applier.receipt(
            offset++,
            new Command.Receipt(
                group.value(), member, member + "-dev", report[0], report[1], "node-1", null));
      }
    }
    BatchOutput out = applier.finish();
    assertThat(out.feed)
        .extracting(r -> r.user(), r -> r.record().event())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "bbbb", new ReceiptMoved(group.value(), "bbbb", 4, 4)),
            org.assertj.core.groups.Tuple.tuple(
                "cccc", new ReceiptMoved(group.value(), "cccc", 4, 4)),
            org.assertj.core.groups.Tuple.tuple(
                "aaaa", new dev.parley.core.event.GroupTicks(group.value(), 4, 4)));
  }
}
