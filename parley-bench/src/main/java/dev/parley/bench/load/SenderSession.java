package dev.parley.bench.load;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The sending device of a pair. Closed loop: keeps {@code window} messages un-acknowledged. Open loop:
 * sends on a fixed schedule (rate / pairs per second, random phase), never more than {@code window}
 * ahead of the acknowledgements. Acknowledged means {@code sent} from Parley, or the peer's relayed
 * {@code read} from the relay (which has no acknowledgement of its own).
 */
final class SenderSession extends ChatSession {
  private final long[] sendTimes;
  private final int mask;
  private long nextK;
  private long inFlight;
  private long nextDueNanos;
  private final long intervalNanos;

  SenderSession(ChatRun run, PairLink link) {
    super(run, link);
    int size = Integer.highestOneBit(Math.max(1, run.options.window()) * 2 - 1);
    sendTimes = new long[Math.max(2, size * 2)];
    mask = sendTimes.length - 1;
    intervalNanos =
        run.options.rate() == 0 ? 0 : (long) (1e9 * run.options.pairs() / run.options.rate());
  }

  @Override
  protected void relayReady() {
    link.conv = "relay-" + link.index;
    ready.complete(null);
  }

  @Override
  protected void onSynced() {
    connection.send(run.codec.encode(new ClientFrame.Open("open", link.peerHandle)));
  }

  @Override
  protected void onFrame(ServerFrame frame) {
    if (frame instanceof ServerFrame.Opened opened) {
      link.conv = opened.conv();
      ready.complete(null);
    } else if (frame instanceof ServerFrame.Sent sent) {
      long now = System.nanoTime();
      long k = Long.parseLong(sent.ref());
      run.metrics.sentAck(now - sendTimes[(int) (k & mask)]);
      acknowledged(1);
    }
  }

  @Override
  protected void onError(ServerFrame.Error error) {
    super.onError(error);
    if (error.ref() != null && !"open".equals(error.ref())) {
      link.failed.incrementAndGet();
      inFlight--; // that message is given up; it is not counted as acked, so not expected anywhere
      sendMore();
    }
  }

  @Override
  protected void onFeed(ServerFrame.Feed feed) {
    long now = System.nanoTime();
    for (FeedEvent event : feed.events()) {
      if (event instanceof FeedEvent.Receipt receipt) {
        run.metrics.receiptEvents.increment();
        if (receipt.user().equals(link.peerUserId) && receipt.conv().equals(link.conv)) {
          link.readSeen(receipt.read(), now, run.metrics);
        }
      }
    }
  }

  @Override
  protected void onRelayed(String text) {
    long now = System.nanoTime();
    try {
      if (run.codec.decodeClient(text) instanceof ClientFrame.Read read) {
        link.readSeen(read.seq(), now, run.metrics);
        long newlyAcked = read.seq() - link.acked.get();
        if (newlyAcked > 0) {
          acknowledged(newlyAcked);
        }
      }
    } catch (FrameException e) {
      run.metrics.error("relay frame: " + e.getMessage());
    }
  }

  private void acknowledged(long count) {
    inFlight -= count;
    link.acked.addAndGet(count);
    run.metrics.acked.add(count);
    sendMore();
  }

  /** Starts sending; runs on this session's event loop. */
  void start() {
    connection
        .eventLoop()
        .execute(
            () -> {
              if (intervalNanos == 0) {
                sendMore();
              } else {
                long phase = ThreadLocalRandom.current().nextLong(intervalNanos);
                nextDueNanos = System.nanoTime() + phase;
                connection.eventLoop().schedule(this::tick, phase, TimeUnit.NANOSECONDS);
              }
            });
  }

  private void tick() {
    if (!run.sending) {
      return;
    }
    sendMore();
    long delay = Math.max(0, nextDueNanos - System.nanoTime());
    connection.eventLoop().schedule(this::tick, delay, TimeUnit.NANOSECONDS);
  }

  private void sendMore() {
    if (!run.sending) {
      return;
    }
    int window = run.options.window();
    boolean wrote = false;
    if (intervalNanos == 0) {
      while (inFlight < window) {
        sendOne(System.nanoTime());
        wrote = true;
      }
    } else {
      long now = System.nanoTime();
      // Late sends keep their scheduled time, so the wait shows up in the measured latency.
      while (nextDueNanos <= now && inFlight < window) {
        sendOne(nextDueNanos);
        nextDueNanos += intervalNanos;
        wrote = true;
      }
    }
    if (wrote) {
      connection.flush();
    }
  }

  private void sendOne(long sendNanos) {
    long k = nextK++;
    sendTimes[(int) (k & mask)] = sendNanos;
    String body = new MessageBody(k, sendNanos).encode(run.options.bodyBytes());
    connection.write(WireFrames.send(k, WireFrames.fastUuid(), link.conv, body));
    inFlight++;
    link.sent.incrementAndGet();
    run.metrics.sent.increment();
  }
}
