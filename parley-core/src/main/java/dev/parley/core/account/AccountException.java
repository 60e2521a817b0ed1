package dev.parley.core.account;

/**
 * An account call refused for a reason the client can act on; {@code code} is the wire error code.
 */
public final class AccountException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public AccountException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
