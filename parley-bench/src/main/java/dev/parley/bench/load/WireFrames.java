package dev.parley.bench.load;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hand-written JSON for the three frames the load sends thousands of times a second ({@code send},
 * {@code received}, {@code read}). It is valid only because every string the load puts in them
 * (numbers, UUIDs, conversation ids, {@link MessageBody} text) needs no JSON escaping; {@code
 * WireFramesTest} checks the output against {@link dev.parley.protocol.FrameCodec}, and {@code
 * FrameCodecBenchmark} shows why it exists (Jackson's writer is several times slower, and the load
 * shares two cores with the server).
 */
public final class WireFrames {
  public static final String SYNC_FROM_NOW = "{\"type\":\"sync\"}";

  private WireFrames() {}

  public static String send(long ref, String id, String conv, String body) {
    return send(ref, id, conv, body, -1);
  }

  /** A send with {@code after}, the highest seq of {@code conv} the sender has (none when < 0). */
  public static String send(long ref, String id, String conv, String body, long after) {
    StringBuilder b =
        new StringBuilder(84 + conv.length() + body.length())
            .append("{\"type\":\"send\",\"ref\":\"")
            .append(ref)
            .append("\",\"id\":\"")
            .append(id)
            .append("\",\"conv\":\"")
            .append(conv)
            .append("\",\"body\":\"")
            .append(body)
            .append('"');
    if (after >= 0) {
      b.append(",\"after\":").append(after);
    }
    return b.append('}').toString();
  }

  public static String received(String conv, long seq) {
    return "{\"type\":\"received\",\"conv\":\"" + conv + "\",\"seq\":" + seq + "}";
  }

  public static String read(String conv, long seq) {
    return "{\"type\":\"read\",\"conv\":\"" + conv + "\",\"seq\":" + seq + "}";
  }

  /**
   * A version-4 UUID from a non-cryptographic source: idempotency keys need uniqueness, not
   * secrecy.
   */
  public static String fastUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }
}
