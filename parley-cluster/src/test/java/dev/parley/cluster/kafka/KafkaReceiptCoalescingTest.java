package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.log.Committed;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recipient acknowledging a burst of messages as fast as it reads them: on real Kafka and
 * Cassandra, its {@code received} and {@code read} reports become fewer commands and fewer feed
 * records than reports, and both members' feeds still end on the final positions.
 */
class KafkaReceiptCoalescingTest {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaReceiptCoalescingTest.class);
  private static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");
  private static final int MESSAGES = 50;

  private final KafkaLogFixture fixture = new KafkaLogFixture(List.of("aaaa", "bbbb"));
  private final List<Committed> committed = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aBurstOfReceivedAndReadReportsCostsFewerCommandsAndConverges() throws Exception {
    KafkaConversationLog log = fixture.open();
    log.setListener(committed::addAll);
    log.start();
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      UUID id = UUID.randomUUID();
      sends.add(log.append(new NewMessage(AB, "aaaa", "a-dev", id, "m" + i)));
    }
    for (CompletableFuture<?> f : sends) {
      f.get(30, TimeUnit.SECONDS);
    }

    List<CompletableFuture<Void>> reports = new ArrayList<>();
    for (long seq = 1; seq <= MESSAGES; seq++) {
      reports.add(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", seq, 0)));
      reports.add(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", seq, seq)));
    }
    CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    ReceiptMoved last = new ReceiptMoved(AB.value(), "bbbb", MESSAGES, MESSAGES);
    Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              for (String member : AB.members()) {
                assertThat(lastReceiptIn(member)).as(member).isEqualTo(last);
              }
            });

    double reported = count("parley.receipt.reports");
    double produced = count("parley.receipt.commands");
    double consumed =
        fixture.meters.get("parley.sequencer.commands").tag("type", "receipt").counter().count();
    double records =
        fixture.meters.get("parley.sequencer.records").tag("kind", "receipt").counter().count();
    long events = committed.stream().filter(c -> c.event() instanceof ReceiptMoved).count();
    LOG.info(
        "{} messages: {} receipt reports, {} receipt commands produced, {} consumed, {} receipt"
            + " feed records, {} receipt events committed",
        MESSAGES,
        reported,
        produced,
        consumed,
        records,
        events);
    assertThat(reported).isEqualTo(2 * MESSAGES);
    assertThat(produced).isLessThan(reported).isGreaterThanOrEqualTo(1);
    assertThat(consumed).isEqualTo(produced);
    // A receipt that moves a position yields a record per member: at most two per command.
    assertThat(records).isLessThanOrEqualTo(2 * produced);
    assertThat(
            fixture.meters.get("parley.sequencer.records").tag("kind", "message").counter().count())
        .isEqualTo(2 * MESSAGES);
  }

  private ReceiptMoved lastReceiptIn(String member) {
    ReceiptMoved last = null;
    long lastPos = -1;
    for (Committed c : committed) {
      if (c.event() instanceof ReceiptMoved r && c.audience().contains(member)) {
        assertThat(c.pos()).as("positions grow in %s's feed", member).isGreaterThan(lastPos);
        lastPos = c.pos();
        last = r;
      }
    }
    return last;
  }

  private double count(String name) {
    return fixture.meters.get(name).counter().count();
  }
}
