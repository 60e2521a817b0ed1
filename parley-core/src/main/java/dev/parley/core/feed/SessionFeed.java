package dev.parley.core.feed;

import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.metrics.ParleyMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One device's view of its user's feed: catch-up from a cursor, then live events, each exactly once
 * and in position order.
 *
 * <p>Until the device asks to {@link #sync}, committed events offered live are buffered. Catch-up
 * reads the store in batches, each written before the next is read; when a read finds nothing the
 * device is caught up, and, under the lock that {@link #offer} also takes, the buffered events
 * beyond the last position read are sent and the feed goes live. An event committed during catch-up
 * is therefore either read from the store or buffered, and the position filter drops the copy when
 * it is both. If the buffer overflows during a long catch-up it is dropped and the store is read
 * again, since everything buffered is also stored.
 */
public final class SessionFeed {
  private final DeviceSession session;
  private final FeedStore store;
  private final FeedCursor cursors;
  private final Executor readExecutor;
  private final int batchSize;
  private final int maxBuffered;
  private final ParleyMetrics metrics;

  private final Object lock = new Object();
  private final List<FeedEntry> buffer = new ArrayList<>();
  private boolean live;
  private boolean overflowed;
  private long lastPos = -1;
  private long syncGeneration;

  /** A {@link #resync} came during catch-up: re-read once live, since catch-up may be past it. */
  private boolean resyncWhenLive;

  /**
   * Completes once events for this device can reach it live (a cluster router subscribes first).
   */
  private volatile CompletionStage<Void> routed = CompletableFuture.completedFuture(null);

  public SessionFeed(
      DeviceSession session,
      FeedStore store,
      FeedCursor cursors,
      Executor readExecutor,
      int batchSize,
      int maxBuffered,
      ParleyMetrics metrics) {
    this.metrics = metrics;
    this.session = session;
    this.store = store;
    this.cursors = cursors;
    this.readExecutor = readExecutor;
    this.batchSize = batchSize;
    this.maxBuffered = maxBuffered;
  }

  public DeviceSession session() {
    return session;
  }

  /**
   * Offers committed events for this device, in position order (the router's thread; never blocks).
   */
  public void offer(List<FeedEntry> entries) {
    offer(new LiveEntries(entries));
  }

  /**
   * Offers committed entries, in position order; sessions offered the same instance and owed all of
   * it push one shared {@link FeedBatch}.
   */
  public void offer(LiveEntries offered) {
    synchronized (lock) {
      if (!live) {
        if (!overflowed) {
          buffer.addAll(offered.entries());
          if (buffer.size() > maxBuffered) {
            buffer.clear();
            overflowed = true;
          }
        }
        return;
      }
      pushNewer(offered, false);
    }
  }

  /**
   * Holds catch-up until {@code ready} completes. A router that must subscribe somewhere before
   * live events reach this device sets it when attaching, so no event can fall between the store
   * read and going live.
   */
  public void routedWhen(CompletionStage<Void> ready) {
    routed = ready;
  }

  /**
   * Starts catch-up after {@code after} (null: from now). A second call restarts it from its own
   * cursor.
   */
  public void sync(String after) {
    long generation;
    synchronized (lock) {
      live = false;
      generation = ++syncGeneration;
    }
    routed.whenComplete((ok, err) -> read(() -> start(after, generation)));
  }

  /**
   * Re-reads the store from the last position sent, for when live events may have been lost on the
   * way (a cluster node's push channel reconnected). Does nothing before the device's first sync;
   * during catch-up, re-reads once it is done (its last read may have come before what was lost).
   */
  public void resync() {
    long from;
    synchronized (lock) {
      if (!live) {
        resyncWhenLive = syncGeneration > 0;
        return;
      }
      if (lastPos < 0) {
        return;
      }
      from = lastPos;
    }
    sync(cursors.format(from));
  }

  private void start(String after, long generation) {
    OptionalLong pos = cursors.parse(after);
    long head = store.head(session.userId());
    if (pos.isEmpty() || pos.getAsLong() > head) {
      goLive(head, after != null, generation);
      return;
    }
    readFrom(pos.getAsLong(), generation);
  }

  private void readFrom(long after, long generation) {
    if (!current(generation)) {
      return;
    }
    List<FeedEntry> page = store.read(session.userId(), after, batchSize);
    if (page.isEmpty()) {
      if (!finishIfCaughtUp(after, generation)) {
        read(() -> readFrom(after, generation));
      } else {
        resyncIfAsked();
      }
      return;
    }
    long last = page.get(page.size() - 1).pos();
    // Pace catch-up by the socket: the next batch is read once this one is written, and the feed
    // goes
    // live only after a read finds nothing more, so a slow link is never flooded.
    session
        .pushPaced(batch(page, last))
        .whenComplete(
            (ok, err) -> {
              if (err == null) {
                read(() -> readFrom(last, generation));
              }
            });
  }

  /**
   * Runs a step of catch-up on the read pool. If its queue is full the session is closed with 1013
   * (try again later): the device would otherwise wait forever for a {@code synced} that never
   * comes; it reconnects with backoff and syncs from its cursor, so nothing is lost.
   */
  private void read(Runnable step) {
    try {
      readExecutor.execute(step);
    } catch (RejectedExecutionException e) {
      metrics.overloaded("reads");
      session.close(SessionEnd.BUSY, "server busy; reconnect later and sync");
    }
  }

  /** Goes live if nothing was lost from the buffer; otherwise says to keep reading the store. */
  private boolean finishIfCaughtUp(long after, long generation) {
    synchronized (lock) {
      if (generation != syncGeneration) {
        return true;
      }
      if (overflowed) {
        overflowed = false;
        buffer.clear();
        return false;
      }
      lastPos = after;
      session.synced(cursors.format(after), false);
      live = true;
      pushNewer(new LiveEntries(buffer), true);
      buffer.clear();
      return true;
    }
  }

  private void goLive(long head, boolean reset, long generation) {
    synchronized (lock) {
      if (generation != syncGeneration) {
        return;
      }
      lastPos = head;
      overflowed = false;
      session.synced(cursors.format(head), reset);
      live = true;
      pushNewer(new LiveEntries(buffer), true);
      buffer.clear();
    }
    resyncIfAsked();
  }

  /** Runs a {@link #resync} that came during catch-up, now that the feed is live. */
  private void resyncIfAsked() {
    synchronized (lock) {
      if (!live || !resyncWhenLive) {
        return;
      }
      resyncWhenLive = false;
    }
    resync();
  }

  private boolean current(long generation) {
    synchronized (lock) {
      return generation == syncGeneration;
    }
  }

  /** Caller holds the lock. {@code paced}: the bounded flush of the buffer when going live. */
  private void pushNewer(LiveEntries offered, boolean paced) {
    List<FeedEntry> entries = offered.entries();
    if (entries.isEmpty()) {
      return;
    }
    FeedBatch batch;
    if (offered.allAfter(lastPos)) {
      // The usual case: owed all of it, like every other session offered the same entries.
      batch = offered.whole(cursors);
      lastPos = entries.get(entries.size() - 1).pos();
    } else {
      List<ConversationEvent> events = new ArrayList<>(entries.size());
      for (FeedEntry e : entries) {
        if (e.pos() > lastPos) {
          events.add(e.event());
          lastPos = e.pos();
        }
      }
      if (events.isEmpty()) {
        return;
      }
      batch = new FeedBatch(events, cursors.format(lastPos));
    }
    long now = System.currentTimeMillis();
    for (ConversationEvent e : batch.events()) {
      if (e instanceof StoredMessage m) {
        metrics.messageDelivered(m.ts(), now);
      }
    }
    if (paced) {
      session.pushPaced(batch);
    } else {
      session.push(batch);
    }
  }

  private FeedBatch batch(List<FeedEntry> page, long last) {
    metrics.syncBatch(page.size());
    List<ConversationEvent> events = new ArrayList<>(page.size());
    for (FeedEntry e : page) {
      events.add(e.event());
    }
    return new FeedBatch(events, cursors.format(last));
  }
}
