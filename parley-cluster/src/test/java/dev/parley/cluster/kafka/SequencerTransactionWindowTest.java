package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.Committed;
import dev.parley.core.log.NewMessage;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sequencer transaction kept open ({@code --sequencer-commit-interval-ms}) on real Kafka and
 * Cassandra: batches that come within the interval share one transaction, each sender is answered
 * when its batch is written, and the messages are delivered when it commits.
 */
class SequencerTransactionWindowTest {
  private static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");

  /** Long enough that two appends one after the other fall in it on a busy machine too. */
  private static final Duration INTERVAL = Duration.ofSeconds(8);

  private final KafkaLogFixture fixture = new KafkaLogFixture(List.of("aaaa", "bbbb"), INTERVAL);
  private final List<Committed> committed = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void batchesWithinTheIntervalShareATransactionAndAreDeliveredWhenItCommits() throws Exception {
    KafkaConversationLog log = fixture.open();
    log.setListener(committed::addAll);
    log.start();

    AppendResult first = append(log, "first");
    AppendResult second = append(log, "second");
    // Both senders were answered, one batch after the other; delivery waits for the commit.
    assertThat(List.of(first.seq(), second.seq())).containsExactly(1L, 2L);

    Awaitility.await()
        .atMost(60, TimeUnit.SECONDS)
        .until(() -> committed.stream().map(Committed::event).distinct().count() == 2);
    // A batch is counted once it is done, just after its senders are answered.
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> batches().count() == 2);
    assertThat(committed.stream().map(c -> ((StoredMessage) c.event()).seq()).distinct().toList())
        .containsExactly(1L, 2L);
    // Counted once the commit returns, which may be just after the listener heard of it.
    Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              HistogramSnapshot transactions =
                  fixture.meters.get("parley.sequencer.transaction").summary().takeSnapshot();
              assertThat(transactions.count()).isEqualTo(1);
              assertThat(transactions.total()).isEqualTo(2);
            });
  }

  @Test
  void aTransactionOpenWhenTheSequencerStopsIsCommittedNotReplayed() throws Exception {
    KafkaConversationLog log = fixture.open();
    log.setListener(committed::addAll);
    log.start();
    append(log, "before the stop");
    log.close();
    assertThat(fixture.meters.get("parley.sequencer.transaction").summary().count()).isEqualTo(1);

    KafkaConversationLog again = fixture.open();
    again.setListener(committed::addAll);
    again.start();
    assertThat(append(again, "after the restart").seq()).isEqualTo(2);
    // The successor began at the committed offsets: the first command was not consumed again.
    assertThat(
            fixture.meters.get("parley.sequencer.commands").tag("type", "send").counter().count())
        .isEqualTo(1);
  }

  private static AppendResult append(KafkaConversationLog log, String body) throws Exception {
    return log.append(new NewMessage(AB, "aaaa", "a-dev", UUID.randomUUID(), body))
        .get(30, TimeUnit.SECONDS);
  }

  private HistogramSnapshot batches() {
    return fixture.meters.get("parley.sequencer.batch").summary().takeSnapshot();
  }
}
