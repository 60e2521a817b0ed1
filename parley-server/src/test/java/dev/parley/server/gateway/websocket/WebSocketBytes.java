package dev.parley.server.gateway.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A WebSocket client's side in bytes (RFC 6455 §5.2), for tests over an EmbeddedChannel. */
final class WebSocketBytes {
  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  static final String UPGRADE =
      "GET /v1/ws HTTP/1.1\r\n"
          + "Host: localhost:7070\r\n"
          + "Upgrade: websocket\r\n"
          + "Connection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n";

  record Frame(int opcode, byte[] payload) {
    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private WebSocketBytes() {}

  /** A final, masked client frame (payloads under 64 KiB). */
  static ByteBuf clientFrame(int opcode, byte[] payload) {
    byte[] mask = {0x12, 0x34, 0x56, 0x78};
    ByteBuf b = Unpooled.buffer(payload.length + 8);
    b.writeByte(0x80 | opcode);
    if (payload.length < 126) {
      b.writeByte(0x80 | payload.length);
    } else {
      b.writeByte(0x80 | 126);
      b.writeShort(payload.length);
    }
    b.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      b.writeByte(payload[i] ^ mask[i % 4]);
    }
    return b;
  }

  static ByteBuf text(String s) {
    return clientFrame(TEXT, s.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads everything the server wrote; skips the HTTP 101 response, parses the frames after. */
  static List<Frame> serverFrames(EmbeddedChannel ch) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    Object msg;
    while ((msg = ch.readOutbound()) != null) {
      ByteBuf b = (ByteBuf) msg;
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      b.release();
      all.writeBytes(bytes);
    }
    byte[] out = all.toByteArray();
    String ascii = new String(out, StandardCharsets.ISO_8859_1);
    int i = ascii.startsWith("HTTP/1.1 101") ? ascii.indexOf("\r\n\r\n") + 4 : 0;
    List<Frame> frames = new ArrayList<>();
    while (i + 2 <= out.length) {
      int opcode = out[i] & 0x0f;
      int len = out[i + 1] & 0x7f;
      i += 2;
      if (len == 126) {
        len = ((out[i] & 0xff) << 8) | (out[i + 1] & 0xff);
        i += 2;
      }
      byte[] payload = new byte[len];
      System.arraycopy(out, i, payload, 0, len);
      i += len;
      frames.add(new Frame(opcode, payload));
    }
    return frames;
  }
}
