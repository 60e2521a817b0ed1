package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.feed.FeedEntry;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupMember;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Feeds on RocksDB: one range scan of {@code user 0x00 pos} and of each moved group stream {@code
 * conv 0x00 pos}, then one multi-get for the message bodies.
 */
final class RocksFeedStore implements FeedStore {
  private final RocksStore store;

  RocksFeedStore(RocksStore store) {
    this.store = store;
  }

  /**
   * The user's own feed rows merged, by position, with the streams of their groups that moved since
   * {@code after} (only those: {@link GroupStreams} knows each stream's end in memory), each
   * filtered to the seqs the user may see. A read costs a scan of the user's group list plus one
   * seek per group that moved, plus the events returned.
   */
  @Override
  public List<FeedEntry> read(String userId, long after, int limit) {
    long head = store.head();
    TreeMap<Long, Records.FeedValue> page = new TreeMap<>();
    readOwn(userId, after, head, limit, page);
    for (ConversationId group : store.groupStore().groupsOf(userId)) {
      if (store.streams().lastPos(group.value()) > after) {
        store
            .groupStore()
            .member(group, userId)
            .ifPresent(member -> readStream(group, member, after, head, limit, page));
      }
    }
    List<Long> positions = new ArrayList<>(page.keySet());
    return resolve(positions, new ArrayList<>(page.values()));
  }

  private void readOwn(
      String userId, long after, long head, int limit, TreeMap<Long, Records.FeedValue> page) {
    byte[] prefix = Bytes.prefix(userId);
    try (RocksIterator it = store.db().newIterator(store.feed)) {
      for (it.seek(Bytes.withLong(userId, after + 1));
          it.isValid() && page.size() < limit;
          it.next()) {
        byte[] key = it.key();
        if (!Bytes.startsWith(key, prefix)) {
          break;
        }
        long pos = Bytes.longAt(key, prefix.length);
        if (pos > head) {
          break;
        }
        page.put(pos, Records.feed(it.value()));
      }
    }
  }

  /** Adds the group's visible events to {@code page}, keeping only the {@code limit} lowest. */
  private void readStream(
      ConversationId group,
      GroupMember member,
      long after,
      long head,
      int limit,
      TreeMap<Long, Records.FeedValue> page) {
    byte[] prefix = Bytes.prefix(group.value());
    try (RocksIterator it = store.db().newIterator(store.gstream)) {
      for (it.seek(Bytes.withLong(group.value(), after + 1)); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (!Bytes.startsWith(key, prefix)) {
          break;
        }
        long pos = Bytes.longAt(key, prefix.length);
        if (pos > head || (page.size() >= limit && pos > page.lastKey())) {
          break;
        }
        Records.FeedValue v = Records.feed(it.value());
        if (v.receipt() != null || member.canSee(v.seq())) {
          page.put(pos, v);
          if (page.size() > limit) {
            page.pollLastEntry();
          }
        }
      }
    }
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
      ConversationEvent event =
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
