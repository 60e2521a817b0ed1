package dev.parley.store.rocksdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The JSON values of the account and push records (small, rarely written, read at start-up). */
final class JsonValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonValues() {}

  static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a {@code type}; a value that does not parse is a corrupt {@code what} record. */
  static <T> T read(byte[] value, Class<T> type, String what) {
    try {
      return JSON.readValue(value, type);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt " + what + " record", e);
    }
  }
}
