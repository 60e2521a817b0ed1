package dev.parley.core.feed;

import dev.parley.core.event.ConversationEvent;
import java.util.List;

/**
 * Events a device is owed, in position order, and the cursor after the last of them: what one
 * {@code feed} frame carries.
 *
 * <p>Immutable, so one instance may go to many sessions: when a router hands the same committed
 * events to every member of a group, the members' sessions that are owed all of them push the same
 * batch (see {@link LiveEntries}), and a transport may encode it once and reuse the bytes by the
 * batch's identity.
 */
public record FeedBatch(List<ConversationEvent> events, String cursor) {
  public FeedBatch {
    events = List.copyOf(events);
  }
}
