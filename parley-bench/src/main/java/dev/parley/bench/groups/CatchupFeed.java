package dev.parley.bench.groups;

import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import java.util.HashMap;
import java.util.Map;

/**
 * A reconnecting device's view of its catch-up: the messages it got, per group by seq (each once,
 * in order), and the feed frames they came in. Confined to the session's event loop until {@code
 * synced}, after which the driver reads it.
 */
final class CatchupFeed implements GroupSession.FeedHandler {
  private final Map<String, SeqTracker> byConv = new HashMap<>();
  private long messages;
  private long systemEvents;
  private long otherEvents;
  private long frames;

  @Override
  public synchronized void onFeed(GroupSession session, ServerFrame.Feed feed, long arrivedNanos) {
    frames++;
    for (FeedEvent event : feed.events()) {
      if (event instanceof FeedEvent.Message m && m.system() == null) {
        messages++;
        byConv.computeIfAbsent(m.conv(), c -> new SeqTracker()).accept(m.seq());
      } else if (event instanceof FeedEvent.Message) {
        systemEvents++;
      } else {
        otherEvents++;
      }
    }
  }

  synchronized long messages() {
    return messages;
  }

  synchronized long events() {
    return messages + systemEvents + otherEvents;
  }

  synchronized long frames() {
    return frames;
  }

  synchronized long conversations() {
    return byConv.size();
  }

  synchronized long duplicated() {
    return byConv.values().stream().mapToLong(SeqTracker::duplicated).sum();
  }

  synchronized long reordered() {
    return byConv.values().stream().mapToLong(SeqTracker::reordered).sum();
  }
}
