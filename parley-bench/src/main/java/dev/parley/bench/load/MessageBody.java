package dev.parley.bench.load;

/**
 * The body of a load message: {@code <k>:<sendNanos>:} then padding up to the requested size.
 * {@code k} counts the sender's messages from 0, so a receiver can tell lost, duplicated and
 * reordered messages apart; {@code sendNanos} is the sender's {@link System#nanoTime()} (comparable
 * because the load's senders and receivers live in one JVM). The server never reads bodies.
 */
public record MessageBody(long k, long sendNanos) {

  public String encode(int size) {
    StringBuilder b =
        new StringBuilder(Math.max(size, 40)).append(k).append(':').append(sendNanos).append(':');
    while (b.length() < size) {
      b.append('x');
    }
    return b.toString();
  }

  /**
   * Like {@link #encode} but padded with random characters of a 64-letter alphabet (6 bits each, as
   * in base64 ciphertext), so a store that compresses (Cassandra's LZ4) cannot shrink the padding
   * the way it shrinks a run of {@code x}: what end-to-end encrypted bodies would cost.
   */
  public String encodeIncompressible(int size) {
    StringBuilder b =
        new StringBuilder(Math.max(size, 40)).append(k).append(':').append(sendNanos).append(':');
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    while (b.length() < size) {
      b.append(BASE64.charAt(random.nextInt(BASE64.length())));
    }
    return b.toString();
  }

  private static final String BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  public static MessageBody parse(String body) {
    int first = body.indexOf(':');
    int second = body.indexOf(':', first + 1);
    if (first < 0 || second < 0) {
      throw new IllegalArgumentException("not a load message body: " + body);
    }
    return new MessageBody(
        Long.parseLong(body, 0, first, 10), Long.parseLong(body, first + 1, second, 10));
  }
}
