package dev.parley.core.push;

/** A push request that cannot be honoured; {@code code} is the wire error code. */
public final class PushException extends RuntimeException {
  private final String code;

  public PushException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
