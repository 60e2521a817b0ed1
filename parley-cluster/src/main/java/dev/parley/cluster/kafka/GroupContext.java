package dev.parley.cluster.kafka;

import dev.parley.cluster.FeedPartitions;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.group.GroupLimits;
import java.util.List;

/**
 * What applying group commands needs beyond the state: the operator's limits, where members' feeds
 * live, and the senders of stored messages (for group-wide receipts reaching back before the group
 * was loaded).
 */
record GroupContext(GroupLimits limits, FeedPartitions partitions, SenderLookup senders) {

  /** The distinct senders of {@code conv}'s stored messages in {@code (after, upTo]}. */
  @FunctionalInterface
  interface SenderLookup {
    List<String> between(ConversationId conv, long after, long upTo, int max);
  }
}
