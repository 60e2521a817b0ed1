package dev.parley.core.feed;

import dev.parley.core.event.ConversationEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Committed entries a router offers to one or more sessions, in position order. A router that owes
 * several sessions the same entries offers them the same instance, so every session owed all of
 * them pushes one shared {@link FeedBatch} instead of building its own.
 */
public final class LiveEntries {
  private final List<FeedEntry> entries;
  private final boolean strictlyAscending;

  // Racy on purpose: the batch is immutable and equal whichever session builds it first.
  private FeedBatch whole;

  public LiveEntries(List<FeedEntry> entries) {
    this.entries = List.copyOf(entries);
    boolean ascending = true;
    for (int i = 1; i < this.entries.size() && ascending; i++) {
      ascending = this.entries.get(i).pos() > this.entries.get(i - 1).pos();
    }
    this.strictlyAscending = ascending;
  }

  public List<FeedEntry> entries() {
    return entries;
  }

  /** Whether a session whose last position is {@code lastPos} is owed every entry. */
  boolean allAfter(long lastPos) {
    return !entries.isEmpty() && strictlyAscending && entries.get(0).pos() > lastPos;
  }

  /** The batch of all the entries, built once for every session (they share one cursor format). */
  FeedBatch whole(FeedCursor cursors) {
    FeedBatch b = whole;
    if (b == null) {
      List<ConversationEvent> events = new ArrayList<>(entries.size());
      for (FeedEntry e : entries) {
        events.add(e.event());
      }
      b = new FeedBatch(events, cursors.format(entries.get(entries.size() - 1).pos()));
      whole = b;
    }
    return b;
  }
}
