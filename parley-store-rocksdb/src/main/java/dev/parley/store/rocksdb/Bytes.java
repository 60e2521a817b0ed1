package dev.parley.store.rocksdb;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Key building and small binary value encodings. */
final class Bytes {
  static final byte SEP = 0;
  static final byte[] EMPTY = new byte[0];

  private Bytes() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code part 0x00} */
  static String string(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  static byte[] prefix(String part) {
    byte[] p = utf8(part);
    byte[] out = Arrays.copyOf(p, p.length + 1);
    out[p.length] = SEP;
    return out;
  }

  /** {@code part 0x00 n} */
  static byte[] withLong(String part, long n) {
    byte[] p = utf8(part);
    return ByteBuffer.allocate(p.length + 9).put(p).put(SEP).putLong(n).array();
  }

  static long longAt(byte[] key, int offset) {
    return ByteBuffer.wrap(key, offset, 8).getLong();
  }

  static byte[] longs(long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8);
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Writes a value with a DataOutputStream. */
  static byte[] write(Writer w) {
    return write(64, w);
  }

  /** Writes a value with a DataOutputStream whose buffer starts at {@code sizeHint} bytes. */
  static byte[] write(int sizeHint, Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @FunctionalInterface
  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }
}
