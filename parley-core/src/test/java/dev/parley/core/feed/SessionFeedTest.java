package dev.parley.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.testing.MemoryFeedStore;
import dev.parley.core.testing.RecordingSession;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-over from catch-up to live delivery: every event once, in position order, whatever the
 * timing.
 */
class SessionFeedTest {
  private static final FeedCursor CURSORS = new FeedCursor(MemoryFeedStore.EPOCH);

  private final MemoryFeedStore store = new MemoryFeedStore();
  private final RecordingSession session = new RecordingSession("b", "dev");
  private final ExecutorService reads = Executors.newSingleThreadExecutor();
  private final SessionFeed feed =
      new SessionFeed(session, store, CURSORS, reads, 100, 10_000, ParleyMetrics.inMemory());

  @AfterEach
  void stop() throws InterruptedException {
    reads.shutdownNow();
    reads.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void eventsOfferedBeforeAndDuringCatchUpArriveOnceInOrder() {
    append(1, 250);
    feed.offer(store.range(200, 250)); // committed and offered before the device asked: buffered
    session.hold();
    feed.sync(CURSORS.format(0));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> session.frames().size() == 1);
    append(251, 300);
    feed.offer(store.range(251, 300)); // during catch-up: buffered, and also read from the store
    session.release();
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(session::synced);
    append(301, 310);
    feed.offer(store.range(301, 310)); // live
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> positions().size() == 310);
    assertThat(positions())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 310).boxed().toList());
  }

  @Test
  void aResyncAskedDuringCatchUpReadsTheStoreAgainOnceLive() {
    append(1, 250);
    session.hold();
    feed.sync(CURSORS.format(0));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> session.frames().size() == 1);
    // Live events may have been lost while catch-up was past them (a cluster node registered late).
    feed.resync();
    session.release();
    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () ->
                session.frames().stream().filter(RecordingSession.Synced.class::isInstance).count()
                    == 2);
    assertThat(positions())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 250).boxed().toList());
  }

  @Test
  void aBufferThatOverflowsDuringCatchUpIsReadBackFromTheStore() {
    append(1, 1_000);
    session.hold();
    feed.sync(CURSORS.format(0));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> session.frames().size() == 1);
    for (long from = 1_001; from <= 12_000; from += 1_000) {
      append(from, from + 999);
      feed.offer(
          store.range(
              from, from + 999)); // 11,000 offered while catching up: more than the buffer holds
    }
    session.release();
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(session::synced);
    assertThat(positions())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 12_000).boxed().toList());
  }

  @Test
  void aCursorFromAnotherStoreIsReset() {
    append(1, 10);
    feed.sync("other-5");
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(session::synced);
    assertThat(((RecordingSession.Synced) session.frames().get(0)).reset()).isTrue();
    assertThat(positions()).isEmpty();
  }

  /** Stores receipts at positions {@code from} to {@code to}, each delivered up to its position. */
  private void append(long from, long to) {
    store.add(LongStream.rangeClosed(from, to).mapToObj(SessionFeedTest::entry).toList());
  }

  /** The positions the session got, in order: each receipt's delivered field. */
  private List<Long> positions() {
    return session.events().stream().map(e -> ((ReceiptMoved) e).delivered()).toList();
  }

  private static FeedEntry entry(long pos) {
    return new FeedEntry(pos, new ReceiptMoved("d.a.b", "b", pos, pos));
  }

  @Test
  void aCatchUpTheReadPoolCannotTakeClosesTheSessionToRetryLater() {
    append(1, 10);
    RecordingSession refused = new RecordingSession("b", "dev");
    ParleyMetrics metrics = ParleyMetrics.inMemory();
    SessionFeed full =
        new SessionFeed(
            refused,
            store,
            CURSORS,
            task -> {
              throw new RejectedExecutionException("queue full");
            },
            100,
            10_000,
            metrics);
    full.sync(CURSORS.format(0));
    assertThat(refused.closedWith()).isEqualTo(SessionEnd.BUSY);
    assertThat(refused.frames()).isEmpty();
    assertThat(metrics.registry().get("parley.overloaded").counter().count()).isEqualTo(1);
  }
}
