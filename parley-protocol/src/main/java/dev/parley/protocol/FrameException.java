package dev.parley.protocol;

/** A frame that cannot be decoded; {@link #code()} is the error code to answer with. */
public final class FrameException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public FrameException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
