package dev.parley.bench.load;

import dev.parley.bench.client.WsConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The sending device of a pair. Closed loop: keeps {@code window} messages un-acknowledged. Open
 * loop: sends on a fixed schedule (rate / pairs per second, random phase), never more than {@code
 * window} ahead of the acknowledgements. Acknowledged means {@code sent} from Parley, or the peer's
 * relayed {@code read} from the relay (which has no acknowledgement of its own).
 */
final class SenderSession extends ChatSession {
  private final long[] sendTimes;

  /**
   * The frame of each in-flight message, to send it again unchanged when the server says "later".
   */
  private final String[] frames;

  /** Which message each slot of {@link #frames} holds. */
  private final long[] frameOwner;

  /** Attempts written on the current socket still to be answered ({@code sent} or an error). */
  private int awaiting;

  /** A send was refused for now: nothing is written until the answers due are in and the wait. */
  private boolean held;

  private long holdMs;
  private long heldSinceNanos;
  private boolean resumeScheduled;

  /** When each in-flight message was last written, to send again one that got no answer at all. */
  private final long[] lastAttemptNanos;

  private static final long UNANSWERED_NANOS = TimeUnit.SECONDS.toNanos(3);
  private final int mask;
  private long nextK;

  /**
   * The highest seq a `sent` has named: a new message's `after`, so a cluster answers its
   * idempotency key from memory.
   */
  private long highestSeq;

  private long inFlight;
  private long nextDueNanos;
  private final long intervalNanos;

  SenderSession(ChatRun run, PairLink link) {
    super(run, link);
    int size = Integer.highestOneBit(Math.max(1, run.options.window()) * 2 - 1);
    sendTimes = new long[Math.max(2, size * 2)];
    frames = new String[sendTimes.length];
    frameOwner = new long[sendTimes.length];
    lastAttemptNanos = new long[sendTimes.length];
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
  protected void onSynced(ServerFrame.Synced synced) {
    if (link.conv == null) {
      connection.send(run.codec.encode(new ClientFrame.Open("open", link.peerHandle)));
    } else {
      // Connected again: the new socket owes no answers, and the new node knows nothing of
      // refusals on the old one, so every message without `sent` goes again, in order.
      awaiting = 0;
      held = false;
      resendPending();
    }
  }

  @Override
  public void onClosed(WsConnection c, int code, String reason) {
    awaiting = 0;
    super.onClosed(c, code, reason);
  }

  /** Every message without {@code sent}, in the order first sent, then what is due. */
  private void resendPending() {
    long now = System.nanoTime();
    for (int slot : pendingInSendOrder(Long.MAX_VALUE, now)) {
      attempt(slot, now);
    }
    connection.flush();
    sendMore();
  }

  /**
   * Slots holding a message with no answer whose last attempt is older than {@code minAgeNanos}, in
   * the order first sent: after the ring wraps, a later message sits in a lower slot.
   */
  private List<Integer> pendingInSendOrder(long minAgeNanos, long now) {
    List<Integer> due = new ArrayList<>();
    for (int slot = 0; slot < frames.length; slot++) {
      if (frames[slot] != null
          && (minAgeNanos == Long.MAX_VALUE || now - lastAttemptNanos[slot] > minAgeNanos)) {
        due.add(slot);
      }
    }
    due.sort(Comparator.comparingLong(slot -> frameOwner[slot]));
    return due;
  }

  private void attempt(int slot, long now) {
    link.trace(frameOwner[slot], "again");
    lastAttemptNanos[slot] = now;
    awaiting++;
    connection.write(frames[slot]);
  }

  @Override
  protected void onFrame(ServerFrame frame) {
    if (frame instanceof ServerFrame.Opened opened) {
      link.conv = opened.conv();
      ready.complete(null);
    } else if (frame instanceof ServerFrame.Sent sent) {
      answered();
      long now = System.nanoTime();
      long k = Long.parseLong(sent.ref());
      int slot = (int) (k & mask);
      link.trace(k, "sent#" + sent.seq());
      highestSeq = Math.max(highestSeq, sent.seq());
      if (frames[slot] == null || frameOwner[slot] != k) {
        return; // a second `sent` for a message sent twice (a retry crossing its own success)
      }
      run.metrics.sentAck(now - sendTimes[slot]);
      frames[slot] = null;
      acknowledged(1);
    }
  }

  @Override
  protected void onError(ServerFrame.Error error) {
    if (error.ref() == null || "open".equals(error.ref())) {
      super.onError(error);
      return;
    }
    answered();
    long k = Long.parseLong(error.ref());
    link.trace(k, error.code());
    int slot = (int) (k & mask);
    if (frames[slot] == null || frameOwner[slot] != k) {
      return; // about an attempt already settled
    }
    if (ChatSession.isRetryLater(error)) {
      // The protocol's rule (docs/protocol.md, Sending, Order): stop, let the answers still due
      // arrive, wait retryAfterMs, then send again every message without `sent`, in the order
      // written. Resending each message on its own timer would let a later one pass an earlier
      // one. The message keeps its send time, so the wait counts in its latency.
      run.metrics.retried.increment();
      if (!held) {
        held = true;
        heldSinceNanos = System.nanoTime();
      }
      holdMs = Math.max(holdMs, error.retryAfterMs() != null ? error.retryAfterMs() : 100);
      resumeWhenAnswered();
      return;
    }
    super.onError(error);
    frames[slot] = null;
    link.failed.incrementAndGet();
    inFlight--; // that message is given up; it is not counted as acked, so not expected anywhere
    sendMore();
  }

  /** One attempt written on this socket got its answer. */
  private void answered() {
    if (awaiting > 0) {
      awaiting--;
    }
    resumeWhenAnswered();
  }

  private void resumeWhenAnswered() {
    if (held && awaiting == 0 && !resumeScheduled) {
      resumeScheduled = true;
      WsConnection socket = connection;
      connection
          .eventLoop()
          .schedule(
              () -> {
                resumeScheduled = false;
                if (socket == connection && online && held) {
                  held = false;
                  holdMs = 0;
                  resendPending();
                }
              },
              holdMs,
              TimeUnit.MILLISECONDS);
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

  /**
   * Like a real client's outbox: a message with no answer at all for a few seconds is sent again
   * with the same id (the server answers a repeat with the original {@code sent}). Counted, because
   * a server should always answer.
   */
  private void resendUnanswered() {
    if (run.stopping) {
      return;
    }
    long now = System.nanoTime();
    if (online && !held) {
      List<Integer> due = pendingInSendOrder(UNANSWERED_NANOS, now);
      for (int slot : due) {
        run.metrics.unanswered.increment();
        attempt(slot, now);
      }
      if (!due.isEmpty()) {
        connection.flush();
      }
    } else if (held && awaiting > 0 && now - heldSinceNanos > UNANSWERED_NANOS * 5) {
      // An answer never came (the server should always answer): stop waiting for it.
      run.metrics.unanswered.increment();
      awaiting = 0;
      resumeWhenAnswered();
    }
    connection.eventLoop().schedule(this::resendUnanswered, 1, TimeUnit.SECONDS);
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
              if (!run.relay) {
                connection.eventLoop().schedule(this::resendUnanswered, 1, TimeUnit.SECONDS);
              }
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
      while (inFlight < window && slotFree()) {
        sendOne(System.nanoTime());
        wrote = true;
      }
    } else {
      long now = System.nanoTime();
      // Late sends keep their scheduled time, so the wait shows up in the measured latency.
      while (nextDueNanos <= now && inFlight < window && slotFree()) {
        sendOne(nextDueNanos);
        nextDueNanos += intervalNanos;
        wrote = true;
      }
    }
    if (wrote && online && !held) {
      connection.flush();
    }
  }

  /**
   * Whether the next message's ring slot is free. Retried messages are acknowledged out of order,
   * so the oldest unacknowledged one can be further back than the window: its slot must not be
   * reused.
   */
  private boolean slotFree() {
    return frames[(int) (nextK & mask)] == null;
  }

  private void sendOne(long sendNanos) {
    long k = nextK++;
    sendTimes[(int) (k & mask)] = sendNanos;
    String body = new MessageBody(k, sendNanos).encode(run.options.bodyBytes());
    String frame = WireFrames.send(k, WireFrames.fastUuid(), link.conv, body, highestSeq);
    if (!run.relay) {
      frames[(int) (k & mask)] = frame;
      frameOwner[(int) (k & mask)] = k;
      lastAttemptNanos[(int) (k & mask)] = sendNanos;
      link.trace(k, online && !held ? "write" : "queued");
      if (online && !held) {
        awaiting++;
        connection.write(frame);
      } // else it goes with the others once connected again, or once the hold ends
    } else {
      connection.write(frame);
    }
    inFlight++;
    link.sent.incrementAndGet();
    run.metrics.sent.increment();
  }
}
