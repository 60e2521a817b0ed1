package dev.parley.store.rocksdb;

import dev.parley.protocol.FeedEvent;
import java.util.List;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Writes prepared by a sequencer for the group committer: key/value operations, the feed events they
 * produce (positions are assigned at commit), and what to do once durable or failed.
 */
record PendingWrite(Ops ops, List<Event> events, Runnable onCommitted, Consumer<Throwable> onFailed) {

  @FunctionalInterface
  interface Ops {
    void apply(WriteBatch batch) throws RocksDBException;
  }

  /** A feed event and the stored form of it for each audience member's feed. */
  record Event(FeedEvent event, byte[] feedValue, List<String> audience, String originDevice) {}
}
