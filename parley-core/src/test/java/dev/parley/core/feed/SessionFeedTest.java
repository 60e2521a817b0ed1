package dev.parley.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  private static final FeedCursor CURSORS = new FeedCursor("e");

  private final MemoryFeed store = new MemoryFeed();
  private final GatedSession session = new GatedSession();
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
    store.append(1, 250);
    feed.offer(store.range(200, 250)); // committed and offered before the device asked: buffered
    session.hold();
    feed.sync(CURSORS.format(0));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> session.frames.size() == 1);
    store.append(251, 300);
    feed.offer(store.range(251, 300)); // during catch-up: buffered, and also read from the store
    session.release();
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(session::synced);
    store.append(301, 310);
    feed.offer(store.range(301, 310)); // live
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> session.positions().size() == 310);
    assertThat(session.positions())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 310).boxed().toList());
  }

  @Test
  void aBufferThatOverflowsDuringCatchUpIsReadBackFromTheStore() {
    store.append(1, 1_000);
    session.hold();
    feed.sync(CURSORS.format(0));
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> session.frames.size() == 1);
    for (long from = 1_001; from <= 12_000; from += 1_000) {
      store.append(from, from + 999);
      feed.offer(
          store.range(
              from, from + 999)); // 11,000 offered while catching up: more than the buffer holds
    }
    session.release();
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(session::synced);
    assertThat(session.positions())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 12_000).boxed().toList());
  }

  @Test
  void aCursorFromAnotherStoreIsReset() {
    store.append(1, 10);
    feed.sync("other-5");
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(session::synced);
    assertThat(((ServerFrame.Synced) session.frames.get(0)).reset()).isTrue();
    assertThat(session.positions()).isEmpty();
  }

  private static FeedEntry entry(long pos) {
    return new FeedEntry(pos, new FeedEvent.Receipt("d.a.b", "b", pos, pos));
  }

  /**
   * One user's feed in memory; positions are the receipt's delivered field, so frames can be
   * checked.
   */
  private static final class MemoryFeed implements FeedStore {
    private final List<FeedEntry> entries = new ArrayList<>();

    synchronized void append(long from, long to) {
      for (long p = from; p <= to; p++) {
        entries.add(entry(p));
      }
    }

    synchronized List<FeedEntry> range(long from, long to) {
      return entries.stream().filter(e -> e.pos() >= from && e.pos() <= to).toList();
    }

    @Override
    public synchronized List<FeedEntry> read(String userId, long after, int limit) {
      return entries.stream().filter(e -> e.pos() > after).limit(limit).toList();
    }

    @Override
    public synchronized long head(String userId) {
      return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).pos();
    }

    @Override
    public String epoch() {
      return "e";
    }
  }

  /** Records frames; while held, writes do not complete, like a socket the device reads slowly. */
  private static final class GatedSession implements DeviceSession {
    final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private boolean held;

    synchronized void hold() {
      held = true;
    }

    synchronized void release() {
      held = false;
      pending.forEach(f -> f.complete(null));
      pending.clear();
    }

    boolean synced() {
      return frames.stream().anyMatch(ServerFrame.Synced.class::isInstance);
    }

    List<Long> positions() {
      List<Long> out = new ArrayList<>();
      for (ServerFrame f : frames) {
        if (f instanceof ServerFrame.Feed feed) {
          feed.events().forEach(e -> out.add(((FeedEvent.Receipt) e).delivered()));
        }
      }
      return out;
    }

    @Override
    public String userId() {
      return "b";
    }

    @Override
    public String deviceId() {
      return "dev";
    }

    @Override
    public CompletableFuture<Void> push(ServerFrame frame) {
      return pushPaced(frame);
    }

    @Override
    public synchronized CompletableFuture<Void> pushPaced(ServerFrame frame) {
      frames.add(frame);
      CompletableFuture<Void> done = new CompletableFuture<>();
      if (held) {
        pending.add(done);
      } else {
        done.complete(null);
      }
      return done;
    }

    @Override
    public void close(int code, String reason) {}
  }
}
