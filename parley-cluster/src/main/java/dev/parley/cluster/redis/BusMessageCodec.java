package dev.parley.cluster.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.parley.cluster.EventJson;
import java.io.UncheckedIOException;

/**
 * JSON for {@link BusMessage}s. Unknown fields are ignored, so a node of the next version can add a
 * field while older nodes still read its messages during a rolling upgrade. Thread-safe.
 */
public final class BusMessageCodec {
  private final ObjectWriter writer;
  private final ObjectReader reader;

  public BusMessageCodec() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(EventJson.module())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    writer = mapper.writerFor(BusMessage.class);
    reader = mapper.readerFor(BusMessage.class);
  }

  public String encode(BusMessage message) {
    try {
      return writer.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** Decodes a message; throws {@link UncheckedIOException} for one this version cannot read. */
  public BusMessage decode(String json) {
    try {
      return reader.readValue(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
