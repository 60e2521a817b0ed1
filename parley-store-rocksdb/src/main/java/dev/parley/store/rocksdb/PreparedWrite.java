package dev.parley.store.rocksdb;

import java.util.List;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A write whose operations and events are fixed when it is queued (messages, format migrations).
 */
record PreparedWrite(
    Ops ops, List<Event> events, Runnable onCommitted, Consumer<Throwable> onFailed)
    implements PendingWrite {

  @Override
  public List<Event> writeTo(WriteBatch batch) throws RocksDBException {
    ops.apply(batch);
    return events;
  }

  @Override
  public void committed() {
    onCommitted.run();
  }

  @Override
  public void failed(Throwable cause) {
    onFailed.accept(cause);
  }
}
