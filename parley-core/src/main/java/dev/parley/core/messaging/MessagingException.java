package dev.parley.core.messaging;

import dev.parley.protocol.ErrorCode;

/** A request refused for a reason the client is told in an error frame. */
public final class MessagingException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public MessagingException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
