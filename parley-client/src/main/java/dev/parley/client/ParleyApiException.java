package dev.parley.client;

/**
 * An HTTP account call failed: {@link #status()} is the HTTP status (0 when the server was
 * unreachable) and {@link #code()} the protocol's error code, e.g. {@code handle_taken} or {@code
 * bad_credentials}.
 */
public final class ParleyApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ParleyApiException(int status, String code, String message) {
    super(code + (message == null || message.isEmpty() ? "" : ": " + message));
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
