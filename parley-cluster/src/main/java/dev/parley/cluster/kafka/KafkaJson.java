package dev.parley.cluster.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.parley.cluster.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for the two topics' values. Unknown fields are ignored so a newer node's records stay
 * readable.
 */
final class KafkaJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(EventJson.module())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectWriter COMMAND_WRITER = MAPPER.writerFor(Command.class);
  private static final ObjectReader COMMAND_READER = MAPPER.readerFor(Command.class);
  private static final ObjectWriter FEED_WRITER = MAPPER.writerFor(FeedRecord.class);
  private static final ObjectReader FEED_READER = MAPPER.readerFor(FeedRecord.class);

  private KafkaJson() {}

  static byte[] command(Command command) {
    try {
      return COMMAND_WRITER.writeValueAsBytes(command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Command command(byte[] bytes) throws IOException {
    return COMMAND_READER.readValue(bytes);
  }

  static byte[] feed(FeedRecord record) {
    try {
      return FEED_WRITER.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FeedRecord feed(byte[] bytes) throws IOException {
    return FEED_READER.readValue(bytes);
  }
}
