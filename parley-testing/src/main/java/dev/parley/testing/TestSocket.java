package dev.parley.testing;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real WebSocket client (the JDK's) that records every frame the server sends, with helpers to
 * wait for frames (Awaitility, no sleeps) and to follow the feed like a client would.
 */
public final class TestSocket implements AutoCloseable {
  private static final FrameCodec CODEC = new FrameCodec();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
  private final List<String> raw = new CopyOnWriteArrayList<>();
  private final AtomicInteger closeCode = new AtomicInteger(-1);
  private final AtomicInteger refCounter = new AtomicInteger();
  private volatile String cursor;
  private volatile boolean paused;
  private final AtomicBoolean requestOwed = new AtomicBoolean();
  private final WebSocket socket;

  private TestSocket(URI uri, String bearer) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    socket = builder.buildAsync(uri, new Listener()).join();
  }

  /** Connects with a bearer header and waits for {@code welcome}. */
  public static TestSocket connect(TestServer server, TestDevice device) {
    TestSocket s = new TestSocket(server.wsUri(), device.token());
    s.await(ServerFrame.Welcome.class, w -> true);
    return s;
  }

  /** Connects to any server's WebSocket URI with a bearer header and waits for {@code welcome}. */
  public static TestSocket connect(URI ws, TestDevice device) {
    TestSocket s = new TestSocket(ws, device.token());
    s.await(ServerFrame.Welcome.class, w -> true);
    return s;
  }

  /** Connects without authenticating. */
  public static TestSocket connectAnonymous(TestServer server) {
    return new TestSocket(server.wsUri(), null);
  }

  /**
   * Connects, authenticates with a bearer header, syncs from {@code cursor} and waits for {@code
   * synced}.
   */
  public static TestSocket connectAndSync(TestServer server, TestDevice device, String cursor) {
    TestSocket s = connect(server, device);
    s.sync(cursor);
    return s;
  }

  public void send(ClientFrame frame) {
    sendRaw(CODEC.encode(frame));
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  public void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /** Sends {@code sync} and waits for {@code synced}. */
  public ServerFrame.Synced sync(String after) {
    return sync(after, WAIT);
  }

  /** Sends {@code sync} and waits up to {@code atMost} for {@code synced}. */
  public ServerFrame.Synced sync(String after, Duration atMost) {
    int before = count(ServerFrame.Synced.class);
    send(new ClientFrame.Sync(after));
    Awaitility.await().atMost(atMost).until(() -> count(ServerFrame.Synced.class) > before);
    return last(ServerFrame.Synced.class).orElseThrow();
  }

  /** Sends a message and waits for its {@code sent}. */
  public ServerFrame.Sent sendMessage(String conv, String body) {
    return sendMessage(conv, body, UUID.randomUUID().toString());
  }

  public ServerFrame.Sent sendMessage(String conv, String body, String id) {
    String ref = "m" + refCounter.incrementAndGet();
    send(new ClientFrame.Send(ref, id, conv, body));
    return await(ServerFrame.Sent.class, s -> ref.equals(s.ref()));
  }

  /** Sends a request frame carrying {@code ref} and waits for the frame answering it. */
  public ServerFrame request(ClientFrame frame) {
    send(frame);
    String ref = frame.ref();
    return awaitFrame(f -> ref != null && ref.equals(f.ref()));
  }

  public String opened(String handle) {
    ServerFrame f = request(new ClientFrame.Open("o" + refCounter.incrementAndGet(), handle));
    if (f instanceof ServerFrame.Opened o) {
      return o.conv();
    }
    throw new AssertionError("open " + handle + " failed: " + f);
  }

  public <T extends ServerFrame> T await(Class<T> type, Predicate<T> match) {
    return type.cast(awaitFrame(f -> type.isInstance(f) && match.test(type.cast(f))));
  }

  public ServerFrame awaitFrame(Predicate<ServerFrame> match) {
    return Awaitility.await()
        .atMost(WAIT)
        .until(() -> frames.stream().filter(match).findFirst(), Optional::isPresent)
        .get();
  }

  /** Waits until the server closes the connection; returns the close code. */
  public int awaitClose() {
    Awaitility.await().atMost(WAIT).until(() -> closeCode.get() >= 0);
    return closeCode.get();
  }

  public boolean isClosed() {
    return closeCode.get() >= 0;
  }

  public List<ServerFrame> frames() {
    return List.copyOf(frames);
  }

  public List<String> rawFrames() {
    return List.copyOf(raw);
  }

  /** Every feed event received, in order of arrival. */
  public List<FeedEvent> feedEvents() {
    List<FeedEvent> out = new ArrayList<>();
    for (ServerFrame f : frames) {
      if (f instanceof ServerFrame.Feed feed) {
        out.addAll(feed.events());
      }
    }
    return out;
  }

  /** Every message received through the feed, in order of arrival. */
  public List<FeedEvent.Message> messages() {
    List<FeedEvent.Message> out = new ArrayList<>();
    for (FeedEvent e : feedEvents()) {
      if (e instanceof FeedEvent.Message m) {
        out.add(m);
      }
    }
    return out;
  }

  public List<FeedEvent.Message> messages(String conv) {
    return messages().stream().filter(m -> m.conv().equals(conv)).toList();
  }

  public List<FeedEvent.Receipt> receipts() {
    return feedEvents().stream()
        .filter(FeedEvent.Receipt.class::isInstance)
        .map(FeedEvent.Receipt.class::cast)
        .toList();
  }

  public List<ServerFrame.Error> errors() {
    return frames.stream()
        .filter(ServerFrame.Error.class::isInstance)
        .map(ServerFrame.Error.class::cast)
        .toList();
  }

  /** The cursor of the last {@code feed} or {@code synced} frame. */
  public String cursor() {
    return cursor;
  }

  public <T extends ServerFrame> int count(Class<T> type) {
    return (int) frames.stream().filter(type::isInstance).count();
  }

  public <T extends ServerFrame> Optional<T> last(Class<T> type) {
    T found = null;
    for (ServerFrame f : frames) {
      if (type.isInstance(f)) {
        found = type.cast(f);
      }
    }
    return Optional.ofNullable(found);
  }

  public String nextRef() {
    return "r" + refCounter.incrementAndGet();
  }

  /**
   * Stops reading from the socket, like a device that stopped consuming: the server's queue fills.
   */
  public void pause() {
    paused = true;
  }

  /** Reads again after {@link #pause()}. */
  public void resume() {
    paused = false;
    if (requestOwed.compareAndSet(true, false)) {
      socket.request(1);
    }
  }

  /** Closes abruptly, without a close handshake, like a device losing its network. */
  public void abort() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        raw.add(text);
        try {
          ServerFrame frame = CODEC.decodeServer(text);
          if (frame instanceof ServerFrame.Feed f) {
            cursor = f.cursor();
          } else if (frame instanceof ServerFrame.Synced s) {
            cursor = s.cursor();
          }
          frames.add(frame);
        } catch (FrameException e) {
          throw new IllegalStateException("server sent an undecodable frame: " + text, e);
        }
      }
      if (paused) {
        requestOwed.set(true);
      } else {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeCode.set(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closeCode.compareAndSet(-1, 1006);
    }
  }
}
