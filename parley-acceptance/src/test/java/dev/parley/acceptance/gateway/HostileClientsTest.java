package dev.parley.acceptance.gateway;

import static dev.parley.server.config.ServerOptions.AUTH_TIMEOUT;
import static dev.parley.server.config.ServerOptions.HEARTBEAT;
import static dev.parley.server.config.ServerOptions.HTTP_HEADER_TIMEOUT;
import static dev.parley.server.config.ServerOptions.RATE_BAD_FRAMES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.config.Rate;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Clients that attack the gateway over real sockets: they flood without reading, or never finish
 * their requests. Each is cut off, and the server goes on serving everyone else.
 */
class HostileClientsTest {
  /** How long a flood may go on before the test gives up on the server cutting it. */
  private static final Duration FLOOD_LIMIT = Duration.ofSeconds(30);

  @Test
  void anUnauthenticatedPingFloodThatReadsNothingIsCutAndOthersAreServed() throws Exception {
    try (TestServer server =
        TestServer.start(c -> c.toBuilder().set(AUTH_TIMEOUT, Duration.ofSeconds(1)).build())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      SocketChannel attacker = upgrade(server, null);
      byte[] ping = frame(0x9, "x".repeat(125).getBytes(StandardCharsets.UTF_8));
      CompletableFuture<Boolean> cut =
          CompletableFuture.supplyAsync(
              () ->
                  flood(
                      attacker, ping, () -> server.metrics().contains("reason=\"auth_timeout\"")));

      try (TestSocket a = TestSocket.connectAndSync(server, alice, null)) {
        assertThat(a.request(new ClientFrame.Ping("still-served")))
            .isInstanceOf(ServerFrame.Pong.class);
      }
      assertThat(server.get("/healthz", null).statusCode()).isEqualTo(200);
      assertThat(cut.get(FLOOD_LIMIT.toSeconds() + 10, TimeUnit.SECONDS))
          .as("the server closed the flooding connection")
          .isTrue();
      attacker.close();
    }
  }

  @Test
  void anAuthenticatedErrorFloodThatReadsNothingIsNotReadThenCut() throws Exception {
    // The bad-frame budget would close this connection at once (BadFramesTest); without it, the
    // error replies must still be bounded by the outbound path like any other frame.
    try (TestServer server =
        TestServer.start(
            c ->
                c.toBuilder()
                    .set(HEARTBEAT, Duration.ofSeconds(1))
                    .set(RATE_BAD_FRAMES, new Rate(1_000_000, 1_000_000))
                    .build())) {
      TestDevice alice = server.register("alice", "violet-harbour-71", "phone");
      TestDevice bob = server.register("bob", "violet-harbour-71", "phone");
      SocketChannel attacker = upgrade(server, alice.token());
      // Each {} is answered with an error frame the attacker never reads.
      byte[] junk = frame(0x1, "{}".getBytes(StandardCharsets.UTF_8));
      CompletableFuture<Boolean> cut =
          CompletableFuture.supplyAsync(
              () ->
                  flood(
                      attacker,
                      junk,
                      () ->
                          server
                              .metrics()
                              .matches(
                                  "(?s).*reason=\"(heartbeat_timeout|slow_consumer|stalled)\".*")));

      try (TestSocket b = TestSocket.connectAndSync(server, bob, null)) {
        assertThat(b.request(new ClientFrame.Ping("still-served")))
            .isInstanceOf(ServerFrame.Pong.class);
        assertThat(cut.get(FLOOD_LIMIT.toSeconds() + 10, TimeUnit.SECONDS))
            .as("the server closed the flooding connection")
            .isTrue();
        Awaitility.await().atMost(TestSocket.WAIT).until(() -> server.server().sessionCount() == 1);
        assertThat(server.metrics())
            .containsPattern("reason=\"(heartbeat_timeout|slow_consumer|stalled)\"");
        assertThat(b.request(new ClientFrame.Ping("after"))).isInstanceOf(ServerFrame.Pong.class);
      }
      attacker.close();
    }
  }

  @Test
  void requestsThatNeverFinishAreClosedAfterTheHeaderTimeoutAndHealthStillAnswers()
      throws Exception {
    try (TestServer server =
        TestServer.start(
            c -> c.toBuilder().set(HTTP_HEADER_TIMEOUT, Duration.ofSeconds(1)).build())) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 60; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
          if (i % 6 != 0) {
            // A request that trickles and never ends; every sixth connection sends nothing at all.
            s.getOutputStream()
                .write(
                    "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
                        .getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
          }
          slow.add(s);
        }
        assertThat(server.get("/healthz", null).statusCode()).isEqualTo(200);

        for (int i = 0; i < slow.size(); i++) {
          String answer = readUntilClosed(slow.get(i), Duration.ofSeconds(20));
          if (i % 6 != 0) {
            assertThat(answer).startsWith("HTTP/1.1 408");
          } else {
            assertThat(answer).isEmpty();
          }
        }
        assertThat(server.get("/healthz", null).statusCode()).isEqualTo(200);
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  /** Opens a WebSocket by hand (optionally with a bearer header); reads only the 101 response. */
  private static SocketChannel upgrade(TestServer server, String bearer) throws IOException {
    SocketChannel ch = SocketChannel.open();
    // A small receive buffer: the server's replies pile up on its side, as with a real attacker.
    ch.socket().setReceiveBufferSize(4_096);
    ch.connect(new InetSocketAddress("127.0.0.1", server.port()));
    String request =
        "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:"
            + server.port()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
            + "\r\n";
    ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      one.clear();
      if (ch.read(one) < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.write(one.array()[0]);
    }
    assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
    ch.configureBlocking(false);
    return ch;
  }

  /**
   * Writes {@code frame} over and over without ever reading, for at most {@link #FLOOD_LIMIT}; true
   * once the server has closed the connection. A closed connection usually shows as a failed write
   * (the server closed with input unread: a reset). But if the server had read everything when it
   * closed, its side sends a FIN, and that FIN waits behind frames this client never reads: the
   * socket looks open from here. So while the writes are stalled, {@code serverSaysCut} (the
   * server's metrics) is asked as well.
   */
  private static boolean flood(SocketChannel ch, byte[] frame, BooleanSupplier serverSaysCut) {
    long deadline = System.nanoTime() + FLOOD_LIMIT.toNanos();
    long nextAsk = 0;
    ByteBuffer buf = ByteBuffer.allocate(frame.length * 64);
    try (Selector writable = Selector.open()) {
      ch.register(writable, SelectionKey.OP_WRITE);
      while (System.nanoTime() < deadline) {
        buf.clear();
        for (int i = 0; i < 64; i++) {
          buf.put(frame);
        }
        buf.flip();
        while (buf.hasRemaining() && System.nanoTime() < deadline) {
          if (ch.write(buf) == 0) {
            // The server is not reading: wait until it does, or closes.
            writable.select(100);
            writable.selectedKeys().clear();
            if (System.nanoTime() > nextAsk) {
              if (serverSaysCut.getAsBoolean()) {
                return true;
              }
              nextAsk = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            }
          }
        }
      }
    } catch (IOException closedByServer) {
      return true;
    }
    return false;
  }

  /** A masked client frame, final, payload under 126 bytes (RFC 6455 §5.2). */
  private static byte[] frame(int opcode, byte[] payload) {
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    byte[] f = new byte[6 + payload.length];
    f[0] = (byte) (0x80 | opcode);
    f[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, f, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      f[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return f;
  }

  /** What the server sends until it closes the connection; fails if it stays open too long. */
  private static String readUntilClosed(Socket s, Duration limit) throws IOException {
    s.setSoTimeout((int) limit.toMillis());
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + limit + "; got: " + got, e);
    } catch (IOException reset) {
      // closed with a reset: closed all the same
    }
    return got.toString(StandardCharsets.US_ASCII);
  }
}
