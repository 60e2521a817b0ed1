package dev.parley.core.testing;

import dev.parley.core.feed.FeedEntry;
import dev.parley.core.feed.FeedStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FeedStore} in memory: one feed that every user reads, empty until a test adds entries
 * (as a log would have committed them behind the code under test's back). Empty, a session synced
 * from it gets only what is delivered live.
 */
public final class MemoryFeedStore implements FeedStore {
  /** The store's epoch: cursors for it come from {@code new FeedCursor(EPOCH)}. */
  public static final String EPOCH = "e";

  private final List<FeedEntry> entries = new ArrayList<>();

  /** Appends entries; their positions must grow. */
  public synchronized void add(List<FeedEntry> more) {
    entries.addAll(more);
  }

  /** The entries at positions {@code from} to {@code to}, both included. */
  public synchronized List<FeedEntry> range(long from, long to) {
    return entries.stream().filter(e -> e.pos() >= from && e.pos() <= to).toList();
  }

  @Override
  public synchronized List<FeedEntry> read(String userId, long after, int limit) {
    return entries.stream().filter(e -> e.pos() > after).limit(limit).toList();
  }

  @Override
  public synchronized long head(String userId) {
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).pos();
  }

  @Override
  public String epoch() {
    return EPOCH;
  }
}
