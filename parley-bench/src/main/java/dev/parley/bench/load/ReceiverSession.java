package dev.parley.bench.load;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;

/**
 * A device that receives a pair's messages: one of the recipient's devices, or one of the sender's
 * other devices. The recipient's first device answers every feed frame with {@code received} then
 * {@code read} up to the highest {@code seq} in it, as a real client would.
 */
final class ReceiverSession extends ChatSession {
  private final boolean sendsReceipts;
  final DeliveryTracker tracker = new DeliveryTracker();
  private String cursor;

  ReceiverSession(ChatRun run, PairLink link, boolean sendsReceipts) {
    super(run, link);
    this.sendsReceipts = sendsReceipts;
  }

  @Override
  protected void relayReady() {
    ready.complete(null);
  }

  @Override
  protected void onSynced(ServerFrame.Synced synced) {
    cursor = synced.cursor();
    ready.complete(null);
  }

  @Override
  protected String syncFrame() {
    // After a reconnect: from the last event this device had, as a real client resumes.
    return cursor == null ? super.syncFrame() : run.codec.encode(new ClientFrame.Sync(cursor));
  }

  @Override
  protected void onFeed(ServerFrame.Feed feed) {
    long now = System.nanoTime();
    long highest = 0;
    String conv = null;
    if (feed.cursor() != null) {
      cursor = feed.cursor();
    }
    for (FeedEvent event : feed.events()) {
      if (event instanceof FeedEvent.Message message) {
        if (tracker.seq(message.seq())) {
          arrived(MessageBody.parse(message.body()), now, message.seq());
        }
        highest = Math.max(highest, message.seq());
        conv = message.conv();
      } else {
        run.metrics.receiptEvents.increment();
      }
    }
    if (sendsReceipts && conv != null) {
      acknowledge(conv, highest, now);
    }
  }

  @Override
  protected void onRelayed(String text) {
    long now = System.nanoTime();
    try {
      if (run.codec.decodeClient(text) instanceof ClientFrame.Send send) {
        MessageBody body = MessageBody.parse(send.body());
        arrived(body, now, 0);
        if (sendsReceipts) {
          acknowledge(send.conv(), body.k() + 1, now);
        }
      }
    } catch (FrameException e) {
      run.metrics.error("relay frame: " + e.getMessage());
    }
  }

  private void arrived(MessageBody body, long now, long seq) {
    if (tracker.accept(body.k()) && PairLink.TRACE) {
      long k = body.k();
      System.err.printf(
          "out of order: pair %d k=%d seq=%d, overtaken by k=%d%n  k   %s%n  k+1 %s%n  by  %s%n",
          link.index,
          k,
          seq,
          tracker.lastOvertaker(),
          link.traceOf(k),
          link.traceOf(k + 1),
          link.traceOf(tracker.lastOvertaker()));
    }
    run.metrics.delivered.increment();
    run.metrics.endToEnd(now - body.sendNanos());
  }

  private void acknowledge(String conv, long seq, long now) {
    // Registered before the frames leave: the sender's thread may see the receipt before flush()
    // returns.
    link.readSent(seq, now);
    connection.write(WireFrames.received(conv, seq));
    connection.write(WireFrames.read(conv, seq));
    connection.flush();
  }
}
