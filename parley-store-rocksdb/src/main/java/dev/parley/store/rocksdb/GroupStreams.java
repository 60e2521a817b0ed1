package dev.parley.store.rocksdb;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The last feed position of each group's stream and the group's last activity stamp, in memory, so
 * that catching up and listing conversations ask only the groups that moved instead of reading
 * every group of the user. Bounded (least recently used groups are forgotten and read back from
 * disk on demand: one seek each).
 */
final class GroupStreams {
  private static final int MAX_TRACKED = 200_000;
  private final RocksStore store;
  private final Map<String, Head> heads =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  /** A group's last stream position and last activity stamp (0 when unknown). */
  record Head(long lastPos, long activity) {}

  GroupStreams(RocksStore store) {
    this.store = store;
  }

  /** The group's stream has an event at {@code pos}; called by the committer once it is written. */
  synchronized void appended(String conv, long pos) {
    Head h = heads.get(conv);
    heads.put(
        conv, new Head(Math.max(pos, h == null ? 0 : h.lastPos()), h == null ? 0 : h.activity()));
  }

  /** The group's latest activity stamp (its conversation-list order); set by its sequencer. */
  synchronized void touched(String conv, long activity) {
    Head h = heads.get(conv);
    heads.put(conv, new Head(h == null ? lastPosOnDisk(conv) : h.lastPos(), activity));
  }

  synchronized long lastPos(String conv) {
    Head h = heads.get(conv);
    if (h == null) {
      h = new Head(lastPosOnDisk(conv), 0);
      heads.put(conv, h);
    }
    return h.lastPos();
  }

  /** The activity stamp if known in memory, else 0 (the caller reads the conversation record). */
  synchronized long activity(String conv) {
    Head h = heads.get(conv);
    return h == null ? 0 : h.activity();
  }

  private long lastPosOnDisk(String conv) {
    byte[] prefix = Bytes.prefix(conv);
    try (RocksIterator it = store.db().newIterator(store.gstream)) {
      it.seekForPrev(Bytes.withLong(conv, Long.MAX_VALUE));
      if (it.isValid() && Bytes.startsWith(it.key(), prefix)) {
        return Bytes.longAt(it.key(), prefix.length);
      }
      it.status();
      return 0;
    } catch (RocksDBException e) {
      throw new IllegalStateException("reading a group stream failed", e);
    }
  }
}
