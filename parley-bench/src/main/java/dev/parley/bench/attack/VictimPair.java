package dev.parley.bench.attack;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.load.WireFrames;
import dev.parley.bench.target.BenchDevice;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.net.URI;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The people an attack must not hurt: user A sends user B a message every {@code periodMillis}
 * (body {@code v<k>:<nanoTime>}), and B's device records each message's end-to-end latency and
 * whether it came once. A and B are ordinary clients of the same server as the attacker (or, in
 * {@code bench push}, as the push load).
 */
public final class VictimPair implements AutoCloseable {
  private final FrameCodec codec = new FrameCodec();
  private final WsClient client;
  private final URI ws;
  private final BenchDevice a;
  private final BenchDevice b;
  private final long periodMillis;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "victim-sender");
            t.setDaemon(true);
            return t;
          });
  private final Histogram latencyMicros = new Histogram(3_600_000_000L, 3);
  private final BitSet seen = new BitSet();
  private final AtomicLong sentCount = new AtomicLong();
  private long duplicates;
  private WsConnection sender;
  private WsConnection receiver;
  private String conv;

  public VictimPair(WsClient client, URI ws, BenchDevice a, BenchDevice b, long periodMillis) {
    this.client = client;
    this.ws = ws;
    this.a = a;
    this.b = b;
    this.periodMillis = periodMillis;
  }

  /** Connects both, opens their conversation and starts sending. */
  public void start() throws Exception {
    CompletableFuture<Void> bSynced = new CompletableFuture<>();
    receiver =
        client
            .connect(ws, b.token(), null, (c, text) -> onReceiverFrame(text, bSynced))
            .get(30, TimeUnit.SECONDS);
    receiver.send(WireFrames.SYNC_FROM_NOW);
    bSynced.get(30, TimeUnit.SECONDS);
    CompletableFuture<String> opened = new CompletableFuture<>();
    sender =
        client
            .connect(
                ws,
                a.token(),
                null,
                (c, text) -> {
                  if (text.contains("\"opened\"")) {
                    try {
                      opened.complete(((ServerFrame.Opened) codec.decodeServer(text)).conv());
                    } catch (FrameException e) {
                      opened.completeExceptionally(e);
                    }
                  }
                })
            .get(30, TimeUnit.SECONDS);
    sender.send("{\"type\":\"open\",\"ref\":\"o\",\"handle\":\"" + b.handle() + "\"}");
    conv = opened.get(30, TimeUnit.SECONDS);
    ticker.scheduleAtFixedRate(this::sendOne, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void sendOne() {
    long k = sentCount.getAndIncrement();
    sender.send(WireFrames.send(k, WireFrames.fastUuid(), conv, "v" + k + ":" + System.nanoTime()));
  }

  private void onReceiverFrame(String text, CompletableFuture<Void> synced) {
    long now = System.nanoTime();
    if (text.contains("\"synced\"")) {
      synced.complete(null);
      return;
    }
    if (!text.contains("\"feed\"")) {
      return;
    }
    ServerFrame frame;
    try {
      frame = codec.decodeServer(text);
    } catch (FrameException e) {
      return;
    }
    if (frame instanceof ServerFrame.Feed feed) {
      for (FeedEvent event : feed.events()) {
        if (event instanceof FeedEvent.Message m && m.body().startsWith("v")) {
          int colon = m.body().indexOf(':');
          int k = Integer.parseInt(m.body().substring(1, colon));
          long sentAt = Long.parseLong(m.body().substring(colon + 1));
          synchronized (this) {
            if (seen.get(k)) {
              duplicates++;
            } else {
              seen.set(k);
              latencyMicros.recordValue(Math.max(0, (now - sentAt) / 1_000));
            }
          }
        }
      }
    }
  }

  /** Clears what was recorded, so a phase starts afresh (messages in flight still count). */
  public synchronized void resetLatency() {
    latencyMicros.reset();
  }

  public synchronized Histogram latency() {
    return latencyMicros.copy();
  }

  public long sent() {
    return sentCount.get();
  }

  /** Messages sent so far that B has not seen. */
  public synchronized long missing() {
    long sent = sentCount.get();
    return sent - seen.cardinality();
  }

  public synchronized long duplicates() {
    return duplicates;
  }

  public boolean connected() {
    return sender.isOpen() && receiver.isOpen();
  }

  /** Stops sending; what is in flight may still arrive. */
  public void stopSending() {
    ticker.shutdownNow();
  }

  @Override
  public void close() {
    stopSending();
    if (sender != null) {
      sender.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }
}
