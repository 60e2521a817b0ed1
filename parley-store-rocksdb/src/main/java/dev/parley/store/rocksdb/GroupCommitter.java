package dev.parley.store.rocksdb;

import dev.parley.core.log.CommitListener;
import dev.parley.core.log.Committed;
import dev.parley.core.log.LogUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the database: takes everything the sequencers queued, gives each event the
 * next feed position and writes it all as one batch with one WAL sync. It then hands the batch to
 * the dispatcher thread, which completes the callers and gives the committed events to the
 * listener, in commit order, while the committer is already writing the next batch: the fsync of
 * batch N+1 overlaps the fan-out of batch N. Positions are exposed ({@link #committedPos()}) only
 * once written, so a reader never sees position N before everything below N is durable.
 */
final class GroupCommitter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final byte[] POS_KEY = Bytes.utf8("pos");

  private final RocksStore store;
  private final WriteOptions writeOptions;
  private final int maxBatch;
  private final BlockingQueue<PendingWrite> queue;
  private final Thread thread;

  /**
   * Committed batches waiting for their completions and fan-out; bounded so a slow fan-out slows
   * commits.
   */
  private final BlockingQueue<Runnable> dispatch = new ArrayBlockingQueue<>(64);

  private final Thread dispatcher;
  private volatile boolean dispatching = true;
  private volatile CommitListener listener = batch -> {};
  private volatile boolean running = true;
  private volatile boolean failed;
  private volatile long committedPos;

  GroupCommitter(
      RocksStore store, WriteOptions writeOptions, long lastPos, int maxBatch, int queueCapacity) {
    this.store = store;
    this.writeOptions = writeOptions;
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.committedPos = lastPos;
    this.thread = new Thread(this::run, "parley-commit");
    thread.setDaemon(true);
    this.dispatcher = new Thread(this::dispatchLoop, "parley-dispatch");
    dispatcher.setDaemon(true);
    dispatcher.start();
    thread.start();
  }

  private void dispatchLoop() {
    while (dispatching || !dispatch.isEmpty()) {
      try {
        Runnable next = dispatch.poll(50, TimeUnit.MILLISECONDS);
        if (next != null) {
          next.run();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("commit listener failed", e);
      }
    }
  }

  void setListener(CommitListener listener) {
    this.listener = listener;
  }

  long committedPos() {
    return committedPos;
  }

  /** Writes queued and not yet taken into a batch. */
  int queued() {
    return queue.size();
  }

  boolean healthy() {
    return !failed;
  }

  /** Queues a write; blocks the calling sequencer while the queue is full (backpressure). */
  void submit(PendingWrite write) throws InterruptedException {
    if (failed || !running) {
      throw new LogUnavailableException(
          failed ? "the store failed a write; restart needed" : "the store is closing",
          false,
          null);
    }
    queue.put(write);
  }

  private void run() {
    List<PendingWrite> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        PendingWrite first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("commit failed", e);
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<PendingWrite> batch) {
    if (failed) {
      failAll(
          batch,
          new LogUnavailableException("the store failed a write; restart needed", false, null));
      return;
    }
    List<Committed> committed = new ArrayList<>(batch.size());
    List<Streamed> streamed = new ArrayList<>();
    long pos = committedPos;
    try (WriteBatch wb = new WriteBatch()) {
      for (PendingWrite w : batch) {
        for (PendingWrite.Event e : w.writeTo(wb)) {
          pos++;
          if (e.stream() != null) {
            wb.put(store.gstream, Bytes.withLong(e.stream(), pos), e.feedValue());
            streamed.add(new Streamed(e.stream(), pos));
          } else {
            for (String user : e.audience()) {
              wb.put(store.feed, Bytes.withLong(user, pos), e.feedValue());
            }
          }
          committed.add(new Committed(pos, e.event(), e.audience(), e.originDevice()));
        }
      }
      wb.put(store.meta, POS_KEY, Bytes.longs(pos));
      store.db().write(writeOptions, wb);
    } catch (Exception e) {
      // Sequences were assigned in memory for these writes: stop rather than risk reusing them.
      failed = true;
      LOG.error("store write failed; refusing further writes until restart", e);
      failAll(batch, new LogUnavailableException("the store failed a write", false, e));
      return;
    }
    for (Streamed s : streamed) {
      store.streams().appended(s.conv(), s.pos());
    }
    committedPos = pos;
    List<PendingWrite> done = List.copyOf(batch);
    try {
      dispatch.put(
          () -> {
            for (PendingWrite w : done) {
              w.committed();
            }
            listener.committed(committed);
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A group stream's event written at {@code pos}. */
  private record Streamed(String conv, long pos) {}

  private static void failAll(List<PendingWrite> batch, Throwable cause) {
    for (PendingWrite w : batch) {
      w.failed(cause);
    }
  }

  /** Commits what is queued, dispatches it, then stops. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
      dispatching = false;
      dispatcher.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
