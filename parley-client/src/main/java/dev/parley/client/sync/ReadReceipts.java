package dev.parley.client.sync;

import dev.parley.client.ReceiptPositions;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.Positions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * This user's read reports. A report moves the local read position at once (so the app's unread
 * count drops without waiting for the server), and stays "unconfirmed" until this user's own
 * receipt event comes back in the feed; unconfirmed reports are sent again after every reconnect,
 * so one lost with a connection is not lost for good. Kept in memory: a report made just before the
 * process dies may be lost (the user reads the message again).
 *
 * <p>Not thread-safe: owned by the client's event loop.
 */
public final class ReadReceipts {
  private final LocalStore store;
  private final Map<String, Long> unconfirmed = new HashMap<>();

  public ReadReceipts(LocalStore store) {
    this.store = store;
  }

  /**
   * Records that the user read {@code conv} up to {@code seq}; returns the new positions when the
   * local ones moved ({@code me} is null before the first welcome: then only the report is kept).
   */
  public Optional<ReceiptPositions> markRead(String conv, long seq, Identity me) {
    unconfirmed.merge(conv, seq, Math::max);
    if (me == null) {
      return Optional.empty();
    }
    Positions reported = new Positions(seq, seq); // reading up to seq implies having received it
    Positions before = store.advancePositions(conv, me.userId(), reported);
    Positions after = before.max(reported);
    return after.equals(before)
        ? Optional.empty()
        : Optional.of(
            new ReceiptPositions(conv, me.userId(), after.delivered(), after.read(), true));
  }

  /** A receipt event arrived; this user's own confirms the reports it covers. */
  public void onPositions(ReceiptPositions positions) {
    if (positions.self()) {
      unconfirmed.computeIfPresent(
          positions.conv(), (conv, seq) -> seq <= positions.read() ? null : seq);
    }
  }

  /** Reports to send again on a new session, by conversation. */
  public Map<String, Long> unconfirmed() {
    return Map.copyOf(unconfirmed);
  }
}
