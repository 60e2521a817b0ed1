package dev.parley.bench.jmh;

import dev.parley.bench.load.WireFrames;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The frames on the message path, through {@link FrameCodec}: the server decodes every {@code send}
 * and encodes every {@code sent} and live {@code feed}; clients do the reverse. {@code
 * encodeSendFastPath} is the bench's hand-written JSON, for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
  private static final String CONV = "d.aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbb";
  private static final String ID = "6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d";
  private static final String BODY = "x".repeat(100);
  private final FrameCodec codec = new FrameCodec();
  private final ClientFrame.Send send = new ClientFrame.Send("42", ID, CONV, BODY);
  private final String sendJson = codec.encode(send);
  private final ServerFrame.Sent sent = new ServerFrame.Sent("42", ID, CONV, 42, 1732350000123L);
  private final ServerFrame.Feed feed =
      new ServerFrame.Feed(
          List.of(
              new FeedEvent.Message(
                  CONV,
                  42,
                  ID,
                  "aaaaaaaaaaaaaaaaaaaa",
                  "dddddddddddddddddddd",
                  1732350000123L,
                  BODY)),
          "c1.42");
  private final String feedJson = codec.encode(feed);

  @Benchmark
  public String encodeSend() {
    return codec.encode(send);
  }

  @Benchmark
  public String encodeSendFastPath() {
    return WireFrames.send(42, ID, CONV, BODY);
  }

  @Benchmark
  public ClientFrame decodeSend() throws FrameException {
    return codec.decodeClient(sendJson);
  }

  @Benchmark
  public String encodeSent() {
    return codec.encode(sent);
  }

  @Benchmark
  public String encodeFeed() {
    return codec.encode(feed);
  }

  @Benchmark
  public ServerFrame decodeFeed() throws FrameException {
    return codec.decodeServer(feedJson);
  }
}
