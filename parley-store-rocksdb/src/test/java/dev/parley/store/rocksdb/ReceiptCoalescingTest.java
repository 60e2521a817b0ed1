package dev.parley.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.log.Committed;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/** A member's receipt advances queued behind one commit become one write and one feed event. */
class ReceiptCoalescingTest {
  private static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");

  @TempDir Path dir;
  private RocksStore store;
  private RocksConversationLog log;
  private final List<Committed> committed = new CopyOnWriteArrayList<>();
  private final CountDownLatch committerHeld = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void open() {
    store = RocksStore.open(dir, TestOptions.DEFAULTS, Clock.systemUTC());
    TestUsers.register(store, List.of("aaaa", "bbbb"));
    log = (RocksConversationLog) store.log();
    log.setListener(committed::addAll);
  }

  @AfterEach
  void close() {
    release.countDown();
    store.close();
  }

  @Test
  void advancesQueuedBehindOneCommitProduceOneEventWithTheHighestPosition() throws Exception {
    appendMessages(5);
    holdTheCommitter();
    List<CompletableFuture<Void>> reports = new ArrayList<>();
    for (int seq = 1; seq <= 5; seq++) {
      reports.add(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", seq, 0)));
      reports.add(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 0, seq)));
    }
    // Moves nothing, but repeats a position not yet durable: it answers with the write that carries
    // it.
    reports.add(log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev2", 2, 2)));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> log.committer().queued() == 1);
    assertThat(reports).noneMatch(CompletableFuture::isDone);

    release.countDown();
    CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> receipts().size() >= 1);
    assertThat(receipts()).containsExactly(new ReceiptMoved(AB.value(), "bbbb", 5, 5));
    assertThat(store.historyStore().conversation(AB).orElseThrow().position("bbbb"))
        .isEqualTo(new ReceiptPosition(5, 5));
  }

  @Test
  void advancesOfDifferentMembersStaySeparate() throws Exception {
    appendMessages(3);
    holdTheCommitter();
    List<CompletableFuture<Void>> reports =
        List.of(
            log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 2, 1)),
            log.advance(new ReceiptUpdate(AB, "aaaa", "a-dev", 3, 3)),
            log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 3, 2)));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> log.committer().queued() == 2);
    release.countDown();
    CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> receipts().size() >= 2);
    assertThat(receipts())
        .containsExactly(
            new ReceiptMoved(AB.value(), "bbbb", 3, 2), new ReceiptMoved(AB.value(), "aaaa", 3, 3));
  }

  @Test
  void aReceiptNeverReachesTheFeedBeforeAMessageItCovers() throws Exception {
    appendMessages(2);
    holdTheCommitter();
    int before = committed.size();
    CompletableFuture<Void> first = log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 2, 2));
    CompletableFuture<?> third =
        log.append(new NewMessage(AB, "aaaa", "a-dev", UUID.randomUUID(), "m3"));
    // Covers message 3, queued after the first receipt write: it cannot merge into it.
    CompletableFuture<Void> second = log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 3, 3));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> log.committer().queued() == 3);
    release.countDown();
    CompletableFuture.allOf(first, third, second).get(10, TimeUnit.SECONDS);
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> committed.size() >= before + 3);
    List<ConversationEvent> events =
        committed.subList(before, committed.size()).stream().map(Committed::event).toList();
    assertThat(events).hasSize(3);
    assertThat(events.get(0)).isEqualTo(new ReceiptMoved(AB.value(), "bbbb", 2, 2));
    assertThat(events.get(1))
        .isInstanceOfSatisfying(StoredMessage.class, m -> assertThat(m.seq()).isEqualTo(3));
    assertThat(events.get(2)).isEqualTo(new ReceiptMoved(AB.value(), "bbbb", 3, 3));
  }

  @Test
  void aReportAfterItsPositionIsDurableCompletesAtOnceWithoutAnEvent() throws Exception {
    appendMessages(2);
    log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 2, 2)).get(10, TimeUnit.SECONDS);
    holdTheCommitter();
    log.advance(new ReceiptUpdate(AB, "bbbb", "b-dev", 1, 1)).get(10, TimeUnit.SECONDS);
    release.countDown();
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> receipts().size() >= 1);
    assertThat(receipts()).containsExactly(new ReceiptMoved(AB.value(), "bbbb", 2, 2));
  }

  /**
   * Appends {@code n} messages and waits until the listener has heard the last one: a durable
   * append completes before its event is dispatched, and the tests count events from here.
   */
  private void appendMessages(int n) throws Exception {
    long last = 0;
    for (int i = 0; i < n; i++) {
      last =
          log.append(new NewMessage(AB, "aaaa", "a-dev", UUID.randomUUID(), "m" + i))
              .get(10, TimeUnit.SECONDS)
              .seq();
    }
    long seq = last;
    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () ->
                committed.stream()
                    .anyMatch(c -> c.event() instanceof StoredMessage m && m.seq() == seq));
  }

  /**
   * Queues a write that keeps the committer busy until {@link #release}, so what follows queues
   * behind it.
   */
  private void holdTheCommitter() throws Exception {
    log.committer()
        .submit(
            new PendingWrite() {
              @Override
              public List<Event> writeTo(WriteBatch batch) {
                committerHeld.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return List.of();
              }

              @Override
              public void committed() {}

              @Override
              public void failed(Throwable cause) {}
            });
    assertThat(committerHeld.await(10, TimeUnit.SECONDS)).isTrue();
  }

  private List<ConversationEvent> receipts() {
    return committed.stream().map(Committed::event).filter(ReceiptMoved.class::isInstance).toList();
  }
}
