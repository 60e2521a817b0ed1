package dev.parley.store.rocksdb;

import dev.parley.protocol.FeedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One member's receipt position in one conversation, queued for the group committer. Until the committer
 * takes it, a newer advance of the same member may {@link #supersede} it: the newer write carries the
 * callers of this one, and this one writes nothing and produces no event. The newer write sits later in the
 * commit queue, so its event still comes after every message it covers; the callers of both complete when
 * it is durable.
 *
 * <p>Transitions: OPEN → SUPERSEDED (sequencer thread) or OPEN → TAKEN (committer thread) → DONE
 * (dispatcher thread); the monitor orders them.
 */
final class ReceiptWrite implements PendingWrite {
  private enum State { OPEN, SUPERSEDED, TAKEN, DONE }

  private final ColumnFamilyHandle family;
  private final byte[] key;
  private final byte[] value;
  private final Event event;
  private List<CompletableFuture<Void>> callers;
  private State state = State.OPEN;

  ReceiptWrite(ColumnFamilyHandle family, FeedEvent.Receipt receipt, List<String> audience, String originDevice,
      List<CompletableFuture<Void>> callers) {
    this.family = family;
    this.key = Records.receiptKey(receipt.conv(), receipt.user());
    this.value = Bytes.longs(receipt.delivered(), receipt.read());
    this.event = new Event(receipt, Records.feedReceipt(receipt), audience, originDevice);
    this.callers = callers;
  }

  /** Hands this write's callers to a newer write; null when the committer already took it. */
  synchronized List<CompletableFuture<Void>> supersede() {
    if (state != State.OPEN) {
      return null;
    }
    state = State.SUPERSEDED;
    List<CompletableFuture<Void>> moved = callers;
    callers = List.of();
    return moved;
  }

  /**
   * Makes {@code caller} complete with this write, for a report it already covers; false when this write is
   * durable already (or superseded, and the newer write holds the position).
   */
  synchronized boolean join(CompletableFuture<Void> caller) {
    if (state == State.OPEN || state == State.TAKEN) {
      callers.add(caller);
      return true;
    }
    return false;
  }

  @Override
  public List<Event> writeTo(WriteBatch batch) throws RocksDBException {
    synchronized (this) {
      if (state == State.SUPERSEDED) {
        return List.of();
      }
      state = State.TAKEN;
    }
    batch.put(family, key, value);
    return List.of(event);
  }

  @Override
  public void committed() {
    for (CompletableFuture<Void> caller : finish()) {
      caller.complete(null);
    }
  }

  @Override
  public void failed(Throwable cause) {
    for (CompletableFuture<Void> caller : finish()) {
      caller.completeExceptionally(cause);
    }
  }

  private synchronized List<CompletableFuture<Void>> finish() {
    if (state == State.SUPERSEDED || state == State.DONE) {
      return List.of();
    }
    state = State.DONE;
    List<CompletableFuture<Void>> done = callers;
    callers = List.of();
    return done;
  }

  static List<CompletableFuture<Void>> callers(CompletableFuture<Void> first) {
    List<CompletableFuture<Void>> list = new ArrayList<>(2);
    list.add(first);
    return list;
  }
}
