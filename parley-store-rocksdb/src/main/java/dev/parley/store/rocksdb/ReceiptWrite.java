package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.ReceiptMoved;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One member's receipt position in one conversation, queued for the group committer. Until the
 * committer takes it, a newer advance of the same member {@link #merge merges} into it in place
 * (the larger position wins) instead of queueing another write and another event; the callers of
 * all complete when it is durable.
 *
 * <p>A merge keeps the write's place in the commit queue, so it can never be pushed back behind
 * newer writes (no starvation under a steady stream of reports). It is allowed only up to the
 * conversation's last sequence when the write was queued (the {@code ceiling}): every message the
 * receipt covers is then queued before it, and the receipt event never reaches a feed before a
 * message it refers to.
 *
 * <p>The monitor orders the sequencer's merges against the committer taking the write.
 */
final class ReceiptWrite implements PendingWrite {
  private final ColumnFamilyHandle family;
  private final String conv;
  private final String user;
  private final List<String> audience;
  private final String originDevice;
  private final long ceiling;
  private ReceiptPosition position;
  private final List<CompletableFuture<Void>> callers = new ArrayList<>(2);
  private boolean taken;
  private boolean done;

  ReceiptWrite(
      ColumnFamilyHandle family,
      String conv,
      String user,
      List<String> audience,
      String originDevice,
      ReceiptPosition position,
      long ceiling,
      CompletableFuture<Void> caller) {
    this.family = family;
    this.conv = conv;
    this.user = user;
    this.audience = audience;
    this.originDevice = originDevice;
    this.position = position;
    this.ceiling = ceiling;
    callers.add(caller);
  }

  /**
   * Takes {@code next} (the member's whole new position) into this write; false when it is too late
   * or too far.
   */
  synchronized boolean merge(ReceiptPosition next, CompletableFuture<Void> caller) {
    if (taken || next.delivered() > ceiling) {
      return false;
    }
    position = next;
    callers.add(caller);
    return true;
  }

  /**
   * Makes {@code caller} complete with this write, for a report whose position it already carries;
   * false when this write is durable already.
   */
  synchronized boolean join(CompletableFuture<Void> caller) {
    if (done) {
      return false;
    }
    callers.add(caller);
    return true;
  }

  @Override
  public List<Event> writeTo(WriteBatch batch) throws RocksDBException {
    ReceiptPosition p;
    synchronized (this) {
      taken = true;
      p = position;
    }
    batch.put(family, Records.receiptKey(conv, user), Records.receipt(p));
    ReceiptMoved event = new ReceiptMoved(conv, user, p.delivered(), p.read());
    return List.of(new Event(event, Records.feedReceipt(event), audience, originDevice));
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
    taken = true;
    done = true;
    List<CompletableFuture<Void>> all = List.copyOf(callers);
    callers.clear();
    return all;
  }
}
