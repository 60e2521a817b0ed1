package dev.parley.bench.groups;

import dev.parley.bench.load.MessageBody;
import dev.parley.bench.load.WireFrames;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import java.util.HashMap;
import java.util.Map;

/**
 * An online member device: checks every group message it receives against its {@link SeqTracker}s
 * and books the delivery; system messages (membership changes) and group receipts are only counted.
 * Optionally reports receipts after each frame, one per group in it.
 */
final class MemberFeed implements GroupSession.FeedHandler {
  private final DeliveryLedger ledger;
  private final Map<String, SeqTracker> trackers;
  private final Receipts receipts;
  private final Map<String, Long> highest = new HashMap<>(4);

  MemberFeed(DeliveryLedger ledger, int device, Receipts receipts) {
    this.ledger = ledger;
    this.trackers = ledger.trackersOf(device);
    this.receipts = receipts;
  }

  @Override
  public void onFeed(GroupSession session, ServerFrame.Feed feed, long arrivedNanos) {
    boolean counted = false;
    for (FeedEvent event : feed.events()) {
      if (event instanceof FeedEvent.Message m) {
        if (m.system() != null) {
          ledger.systemEvents.increment();
          continue;
        }
        SeqTracker tracker = trackers.get(m.conv());
        if (tracker == null) {
          ledger.foreign.increment();
          continue;
        }
        tracker.accept(m.seq());
        MessageBody body = MessageBody.parse(m.body());
        ledger.delivered(body.k(), body.sendNanos(), arrivedNanos);
        highest.merge(m.conv(), m.seq(), Math::max);
        counted = true;
      } else if (event instanceof FeedEvent.GroupReceipt) {
        ledger.groupReceipts.increment();
      }
    }
    if (counted) {
      ledger.frames.increment();
    }
    if (receipts != Receipts.NONE && !highest.isEmpty()) {
      highest.forEach(
          (conv, seq) -> {
            session.write(WireFrames.received(conv, seq));
            if (receipts == Receipts.READ) {
              session.write(WireFrames.read(conv, seq));
            }
          });
      session.flush();
    }
    highest.clear();
  }
}
