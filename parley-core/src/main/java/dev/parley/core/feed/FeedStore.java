package dev.parley.core.feed;

import java.util.List;

/**
 * The read side of users' feeds: every event a user's devices must see, by position.
 *
 * <p>Contract (tested by {@code FeedStoreContract}): {@link #read} returns only committed events,
 * in strictly increasing position, each once; a position returned is never later followed by a
 * smaller one (no event becomes visible below a position already read). The cost of a read is
 * proportional to the events returned, not to the feed's length or the user's number of
 * conversations.
 */
public interface FeedStore {

  /**
   * Up to {@code limit} events of {@code userId}'s feed with position greater than {@code after}.
   */
  List<FeedEntry> read(String userId, long after, int limit);

  /**
   * The highest committed position of {@code userId}'s feed; every event of that feed at or below
   * it is readable. (The embedded store has one position space for all feeds; a partitioned store
   * has one per partition, so the head is asked per user.)
   */
  long head(String userId);

  /**
   * Names this store's position space; it changes when the store is rebuilt, so stale cursors are
   * detected.
   */
  String epoch();
}
