package dev.parley.bench.jmh;

import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.DeviceSession;
import dev.parley.core.feed.FeedBatch;
import dev.parley.core.feed.FeedCursor;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.Committed;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.presence.EphemeralEvent;
import dev.parley.core.routing.LocalDeviceRouter;
import dev.parley.core.testing.MemoryFeedStore;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fan-out of one committed batch (100 messages in 100 conversations) through {@link
 * LocalDeviceRouter} to live {@link SessionFeed}s, including the JSON encoding each device's frame
 * costs; the socket write is left out. Reported per message; {@code devices} is the number of
 * devices each user has connected.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanOutBenchmark {
  private static final int MESSAGES = 100;

  @Param({"1", "3"})
  public int devices;

  private final FrameCodec codec = new FrameCodec();
  private final LocalDeviceRouter router = new LocalDeviceRouter();
  private long pos;

  @Setup
  public void connect() {
    FeedStore empty = new MemoryFeedStore();
    ParleyMetrics metrics = ParleyMetrics.inMemory();
    for (int i = 0; i < MESSAGES; i++) {
      for (String user : List.of("a" + i, "b" + i)) {
        for (int d = 0; d < devices; d++) {
          SessionFeed feed =
              new SessionFeed(
                  new EncodingSession(user, user + "-" + d),
                  empty,
                  new FeedCursor(MemoryFeedStore.EPOCH),
                  Runnable::run,
                  500,
                  10_000,
                  metrics);
          router.attach(feed);
          feed.sync(null);
        }
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void fanOutOneBatch() {
    List<Committed> batch = new ArrayList<>(MESSAGES);
    for (int i = 0; i < MESSAGES; i++) {
      String conv = "d.a" + i + ".b" + i;
      StoredMessage m =
          new StoredMessage(
              conv,
              ++pos,
              "6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d",
              "a" + i,
              "a" + i + "-0",
              1732350000123L,
              "x".repeat(100));
      batch.add(new Committed(pos, m, List.of("a" + i, "b" + i), "a" + i + "-0"));
    }
    router.committed(batch);
  }

  /**
   * A device session that does what the real one does before the socket: convert the batch to a
   * frame (as the gateway's PushFrames does, for messages) and encode it.
   */
  private final class EncodingSession implements DeviceSession {
    private final String user;
    private final String device;
    private int bytes;

    EncodingSession(String user, String device) {
      this.user = user;
      this.device = device;
    }

    @Override
    public String userId() {
      return user;
    }

    @Override
    public String deviceId() {
      return device;
    }

    @Override
    public CompletableFuture<Void> push(FeedBatch batch) {
      List<FeedEvent> events = new ArrayList<>(batch.events().size());
      for (ConversationEvent e : batch.events()) {
        StoredMessage m = (StoredMessage) e;
        events.add(
            new FeedEvent.Message(
                m.conv(), m.seq(), m.id(), m.from(), m.device(), m.ts(), m.body()));
      }
      bytes += codec.encode(new ServerFrame.Feed(events, batch.cursor())).length();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> pushPaced(FeedBatch batch) {
      return push(batch);
    }

    @Override
    public CompletableFuture<Void> synced(String cursor, boolean reset) {
      bytes += codec.encode(new ServerFrame.Synced(cursor, reset)).length();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> push(EphemeralEvent event) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> close(SessionEnd why, String reason) {
      return CompletableFuture.completedFuture(null);
    }
  }
}
