package dev.parley.cluster;

import dev.parley.cluster.redis.RecentMessageCache;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.messaging.HistoryStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History with the newest messages of each conversation served from Redis. The cache answers a page
 * only when it holds every sequence number of it (for the newest page, counted back from the
 * conversation's last sequence in Cassandra), so a cache that lost entries (a Redis restart, a
 * failed write) is never trusted: it falls back to Cassandra. Everything else goes to Cassandra
 * directly.
 */
public final class CachedHistoryStore implements HistoryStore {
  private static final Logger LOG = LoggerFactory.getLogger(CachedHistoryStore.class);

  private final HistoryStore store;
  private final RecentMessageCache cache;
  private final Counter hits;
  private final Counter misses;

  public CachedHistoryStore(HistoryStore store, RecentMessageCache cache, MeterRegistry meters) {
    this.store = store;
    this.cache = cache;
    this.hits = Counter.builder("parley.history.cache").tag("result", "hit").register(meters);
    this.misses = Counter.builder("parley.history.cache").tag("result", "miss").register(meters);
  }

  @Override
  public List<StoredMessage> messagesBefore(ConversationId conv, long beforeSeq, int limit) {
    long last;
    if (beforeSeq == Long.MAX_VALUE) {
      // "The newest page": only Cassandra knows which sequence is the newest.
      Optional<ConversationState> state = store.conversation(conv);
      if (state.isEmpty()) {
        return List.of();
      }
      last = state.get().lastSeq();
    } else {
      // Sequences are contiguous, so a full run below beforeSeq in the cache is exactly the page; a
      // run
      // the cache cannot complete (older than it holds, or not written yet) goes to Cassandra.
      last = beforeSeq - 1;
    }
    long from = Math.max(1, last - limit + 1);
    if (last >= 1) {
      try {
        List<StoredMessage> page = cache.range(conv.value(), from, last);
        if (page.size() == last - from + 1) {
          hits.increment();
          return page;
        }
      } catch (RuntimeException e) {
        LOG.debug("recent-message cache unavailable: {}", e.toString());
      }
    }
    misses.increment();
    return store.messagesBefore(conv, beforeSeq, limit);
  }

  @Override
  public Optional<ConversationState> conversation(ConversationId conv) {
    return store.conversation(conv);
  }

  @Override
  public RecentPage recent(String userId, String pageToken, int limit) {
    return store.recent(userId, pageToken, limit);
  }

  @Override
  public int countFromOthersAfter(ConversationId conv, String userId, long afterSeq, int cap) {
    return store.countFromOthersAfter(conv, userId, afterSeq, cap);
  }
}
