package dev.parley.store.rocksdb;

import dev.parley.core.feed.FeedEntry;
import dev.parley.core.feed.FeedStore;
import dev.parley.protocol.FeedEvent;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Feeds on RocksDB: one range scan of {@code user 0x00 pos}, then one multi-get for the message
 * bodies.
 */
final class RocksFeedStore implements FeedStore {
  private final RocksStore store;

  RocksFeedStore(RocksStore store) {
    this.store = store;
  }

  @Override
  public List<FeedEntry> read(String userId, long after, int limit) {
    byte[] prefix = Bytes.prefix(userId);
    long head = store.head();
    List<Long> positions = new ArrayList<>(limit);
    List<Records.FeedValue> values = new ArrayList<>(limit);
    try (RocksIterator it = store.db().newIterator(store.feed)) {
      for (it.seek(Bytes.withLong(userId, after + 1));
          it.isValid() && values.size() < limit;
          it.next()) {
        byte[] key = it.key();
        if (!Bytes.startsWith(key, prefix)) {
          break;
        }
        long pos = Bytes.longAt(key, prefix.length);
        if (pos > head) {
          break;
        }
        positions.add(pos);
        values.add(Records.feed(it.value()));
      }
    }
    return resolve(positions, values);
  }

  private List<FeedEntry> resolve(List<Long> positions, List<Records.FeedValue> values) {
    List<ColumnFamilyHandle> families = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    for (Records.FeedValue v : values) {
      if (v.receipt() == null) {
        families.add(store.messages);
        keys.add(Bytes.withLong(v.conv(), v.seq()));
      }
    }
    List<byte[]> bodies;
    try {
      bodies = keys.isEmpty() ? List.of() : store.db().multiGetAsList(families, keys);
    } catch (RocksDBException e) {
      throw new IllegalStateException("feed read failed", e);
    }
    List<FeedEntry> out = new ArrayList<>(values.size());
    int m = 0;
    for (int i = 0; i < values.size(); i++) {
      Records.FeedValue v = values.get(i);
      FeedEvent event =
          v.receipt() != null ? v.receipt() : Records.message(v.conv(), v.seq(), bodies.get(m++));
      out.add(new FeedEntry(positions.get(i), event));
    }
    return out;
  }

  @Override
  public long head(String userId) {
    return store.head();
  }

  @Override
  public String epoch() {
    return store.epoch();
  }
}
