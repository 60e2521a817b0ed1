package dev.parley.bench.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket on a plain blocking socket, written by hand because an attacker must be able to do
 * what a well-behaved client library never does: write frames without ever reading the answers. It
 * reads only the upgrade response; after that, {@link #readFrame()} is there for attackers that do
 * read.
 */
final class RawWebSocket implements AutoCloseable {
  static final int TEXT = 0x1;
  static final int PING = 0x9;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  /** Connects and upgrades; {@code token} (nullable) goes into the Authorization header. */
  static RawWebSocket open(URI http, String token) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.bind(AttackerAddress.forServer(http.getHost()));
    socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 10_000);
    socket.setSoTimeout(10_000);
    RawWebSocket ws = new RawWebSocket(socket);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String host = http.getHost() + ":" + http.getPort();
    String request =
        "GET /v1/ws HTTP/1.1\r\nHost: "
            + host
            + "\r\nOrigin: http://"
            + host
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\n"
            + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
            + "\r\n";
    ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
    ws.out.flush();
    String head = ws.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
    }
    socket.setSoTimeout(0);
    return ws;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the upgrade");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Writes one masked, final frame; blocks while the server does not read. */
  void write(int opcode, byte[] payload) throws IOException {
    byte[] frame = new byte[payload.length + 14];
    int n = 0;
    frame[n++] = (byte) (0x80 | opcode);
    if (payload.length < 126) {
      frame[n++] = (byte) (0x80 | payload.length);
    } else {
      frame[n++] = (byte) (0x80 | 126);
      frame[n++] = (byte) (payload.length >>> 8);
      frame[n++] = (byte) payload.length;
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    System.arraycopy(mask, 0, frame, n, 4);
    n += 4;
    for (int i = 0; i < payload.length; i++) {
      frame[n++] = (byte) (payload[i] ^ mask[i & 3]);
    }
    out.write(frame, 0, n);
  }

  void flush() throws IOException {
    out.flush();
  }

  /**
   * Reads one server frame (servers do not mask) and returns its payload as text, or null at the
   * end of the stream. A close frame is returned as {@code "close:<code>"}.
   */
  String readFrame() throws IOException {
    int b0 = in.read();
    int b1 = in.read();
    if (b0 < 0 || b1 < 0) {
      return null;
    }
    long length = b1 & 0x7F;
    if (length == 126) {
      length = (readByte() << 8) | readByte();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte();
      }
    }
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      return null;
    }
    if ((b0 & 0x0F) == 0x8) {
      int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
      return "close:" + code;
    }
    return new String(payload, StandardCharsets.UTF_8);
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new IOException("end of stream inside a frame header");
    }
    return b;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
