package dev.parley.cluster.kafka;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The sequencer's working copy of its conversations' state. Every batch writes the states it
 * changed before it commits, so an evicted entry can always be reloaded. The entries of a partition
 * that moves are dropped (another owner may write it meanwhile), and the whole cache when a batch
 * fails or every partition is lost, because then Cassandra may hold a newer state than this copy. A
 * rebalance that leaves a partition here keeps its entries: no one else wrote it.
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

  /** Drops the entries of conversations in {@code partitions} of the commands topic. */
  void forget(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      Set<Integer> numbers = new HashSet<>();
      partitions.forEach(tp -> numbers.add(tp.partition()));
      entries.values().removeIf(e -> numbers.contains(e.partition));
    }
  }

  /**
   * A conversation's state, the offset of the last command applied to it, the keys of the messages
   * stored since it was loaded, and the partition of the commands topic its commands are in.
   */
  static final class Entry {
    final ConversationState state;
    long appliedOffset;
    final RecentKeys recent;
    final int partition;

    /** The group's roster and receipts; null for a 1:1 conversation or a group not created yet. */
    SequencedGroup group;

    Entry(ConversationState state, long appliedOffset, int partition) {
      this.state = state;
      this.appliedOffset = appliedOffset;
      this.recent = new RecentKeys(state.lastSeq());
      this.partition = partition;
    }
  }
}
