package dev.parley.client.request;

/** The server answered a request with an {@code error} frame; {@link #code()} is its error code. */
public final class ParleyRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public ParleyRequestException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /** The wire error code, e.g. {@code unknown_user}. */
  public String code() {
    return code;
  }
}
