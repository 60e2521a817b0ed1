package dev.parley.client;

import dev.parley.client.outbox.Outbox;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.sync.FeedApplier;
import dev.parley.client.sync.ReadReceipts;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;

/**
 * Applies each {@code feed} frame to the local store ({@link FeedApplier}, one transaction with its
 * cursor) and then passes on what it changed: this device's own messages confirm their outbox
 * entries, others' are acknowledged with {@code received}, receipt positions settle this user's
 * read reports, and the listeners hear of new messages, membership changes, ticks and positions.
 *
 * <p>Loop-confined: runs on the {@link LoopThread}, after the commit, so a listener never hears of
 * something a crash could still take back.
 */
final class FeedReporter {
  private final FeedApplier feed;
  private final Outbox outbox;
  private final ReadReceipts reads;
  private final ConnectionKeeper connection;
  private final ListenerDispatcher listeners;

  FeedReporter(
      LocalStore store,
      Outbox outbox,
      ReadReceipts reads,
      ConnectionKeeper connection,
      ListenerDispatcher listeners) {
    this.feed = new FeedApplier(store);
    this.outbox = outbox;
    this.reads = reads;
    this.connection = connection;
    this.listeners = listeners;
  }

  /** Applies {@code frame} as seen by {@code me} and reports it. */
  void apply(ServerFrame.Feed frame, Identity me) {
    FeedApplier.Outcome outcome = feed.apply(frame, me);
    for (Message own : outcome.ownDeviceMessages()) {
      outbox.onSeenInFeed(own.id(), own.seq(), own.ts());
    }
    outcome
        .toAcknowledge()
        .forEach((conv, seq) -> connection.send(new ClientFrame.Received(conv, seq)));
    outcome.positions().forEach(reads::onPositions);
    for (Message m : outcome.newMessages()) {
      if (m.isMembershipChange()) {
        listeners.emit(l -> l.onMembershipChange(m.membershipChange()));
      } else {
        listeners.emit(l -> l.onMessage(m));
      }
    }
    outcome.statusChanges().forEach(c -> listeners.emit(l -> l.onStatusChange(c)));
    outcome.positions().forEach(p -> listeners.emit(l -> l.onReceiptPositions(p)));
    outcome.groupReceipts().forEach(r -> listeners.emit(l -> l.onGroupReceipt(r)));
  }
}
