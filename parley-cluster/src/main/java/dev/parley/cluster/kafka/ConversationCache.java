package dev.parley.cluster.kafka;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequencer's working copy of its conversations' state. Every batch writes the states it
 * changed before it commits, so an evicted entry can always be reloaded; the whole cache is dropped
 * whenever partitions move or a batch fails, because then Cassandra may hold a newer state than
 * this copy.
 */
final class ConversationCache {
  private final Map<ConversationId, Entry> entries;

  ConversationCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ConversationId, Entry> eldest) {
            return size() > capacity;
          }
        };
  }

  Entry get(ConversationId conv) {
    return entries.get(conv);
  }

  void put(ConversationId conv, Entry entry) {
    entries.put(conv, entry);
  }

  void clear() {
    entries.clear();
  }

  /**
   * A conversation's state, the offset of the last command applied to it, and the keys of the
   * messages stored since it was loaded.
   */
  static final class Entry {
    final ConversationState state;
    long appliedOffset;
    final RecentKeys recent;

    /** The group's roster and receipts; null for a 1:1 conversation or a group not created yet. */
    SequencedGroup group;

    Entry(ConversationState state, long appliedOffset) {
      this.state = state;
      this.appliedOffset = appliedOffset;
      this.recent = new RecentKeys(state.lastSeq());
    }
  }
}
