package dev.parley.core.account;

/**
 * An account call refused for a reason the client can act on; {@code code} is the wire error code.
 * {@code retryAfterMs} is positive when the call may succeed if repeated that much later ({@code
 * too_many_attempts}), else 0.
 */
public final class AccountException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The code of a log-in or registration refused by {@link LoginThrottle}. */
  public static final String TOO_MANY_ATTEMPTS = "too_many_attempts";

  private final String code;
  private final long retryAfterMs;

  public AccountException(String code, String message) {
    this(code, message, 0);
  }

  public AccountException(String code, String message, long retryAfterMs) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  public String code() {
    return code;
  }

  public long retryAfterMs() {
    return retryAfterMs;
  }
}
