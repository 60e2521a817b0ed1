package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * JSON codec for both directions. Thread-safe; one instance serves a whole process. Decoding a
 * client frame classifies every failure into the error code the server answers with, so a client
 * always learns what was wrong with its frame.
 */
public final class FrameCodec {
  private final ObjectReader clientReader;
  private final ObjectReader serverReader;
  private final ObjectWriter clientWriter;
  private final ObjectWriter serverWriter;

  public FrameCodec() {
    ObjectMapper mapper =
        new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
    clientReader = mapper.readerFor(ClientFrame.class);
    serverReader = mapper.readerFor(ServerFrame.class);
    clientWriter = mapper.writerFor(ClientFrame.class);
    serverWriter = mapper.writerFor(ServerFrame.class);
  }

  public ClientFrame decodeClient(String json) throws FrameException {
    String trimmed = json.stripLeading();
    if (!trimmed.startsWith("{")) {
      throw new FrameException(ErrorCode.BAD_JSON, "a frame must be one JSON object");
    }
    try {
      return clientReader.readValue(json);
    } catch (InvalidTypeIdException e) {
      String id = e.getTypeId();
      throw new FrameException(
          ErrorCode.UNKNOWN_TYPE,
          id == null ? "missing 'type'" : "unknown frame type '" + id + "'");
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new FrameException(ErrorCode.INVALID_FRAME, cause.getMessage());
    } catch (MismatchedInputException e) {
      throw new FrameException(ErrorCode.INVALID_FRAME, describe(e));
    } catch (JsonMappingException e) {
      throw new FrameException(ErrorCode.INVALID_FRAME, e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new FrameException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  public String encode(ServerFrame frame) {
    try {
      return serverWriter.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
    }
  }

  /** Client side: encodes a frame to send. */
  public String encode(ClientFrame frame) {
    try {
      return clientWriter.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
    }
  }

  /** Client side: decodes a frame the server sent. */
  public ServerFrame decodeServer(String json) throws FrameException {
    try {
      return serverReader.readValue(json);
    } catch (JsonProcessingException e) {
      throw new FrameException(ErrorCode.BAD_JSON, e.getOriginalMessage());
    }
  }

  private static String describe(MismatchedInputException e) {
    if (e.getPath().isEmpty()) {
      return e.getOriginalMessage();
    }
    String field = e.getPath().get(e.getPath().size() - 1).getFieldName();
    return field == null ? e.getOriginalMessage() : "field '" + field + "' has the wrong type";
  }
}
