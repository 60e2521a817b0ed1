package dev.parley.core.push;

import java.time.Duration;
import java.util.Set;

/**
 * How a node sends push notifications (docs/operations.md, "Push notifications").
 *
 * @param gateways the names of the configured gateways: the only ones a device may register with
 * @param previews whether a notification carries the message's text (off by default: a body may be
 *     end-to-end encrypted one day, and a push service is a third party)
 * @param coalesce at most one notification per device and conversation per this interval; what
 *     arrives meanwhile is folded into the next one, with the newest unread count
 * @param maxAge a notification not accepted by its gateway this long after its first message is
 *     dropped: the device will have reconnected, or the news is stale
 * @param maxQueued notifications held at most; beyond it new ones are dropped (and counted)
 * @param maxInFlight gateway requests in flight at most
 * @param retryBase the first retry's delay; each further one doubles it, with jitter
 * @param retryMax the longest delay between two tries
 */
public record PushPolicy(
    Set<String> gateways,
    boolean previews,
    Duration coalesce,
    Duration maxAge,
    int maxQueued,
    int maxInFlight,
    Duration retryBase,
    Duration retryMax) {

  public PushPolicy {
    gateways = Set.copyOf(gateways);
    if (maxQueued < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("maxQueued and maxInFlight must be at least 1");
    }
  }

  /** Whether push is configured at all. */
  public boolean enabled() {
    return !gateways.isEmpty();
  }
}
