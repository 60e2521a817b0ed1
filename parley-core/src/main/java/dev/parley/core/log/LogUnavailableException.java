package dev.parley.core.log;

/** The log could not take the call (storage failure or a full queue); nothing was stored. */
public final class LogUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean overloaded;

  public LogUnavailableException(String message, boolean overloaded, Throwable cause) {
    super(message, cause);
    this.overloaded = overloaded;
  }

  /** True when a queue was full: retrying soon is expected to work. */
  public boolean overloaded() {
    return overloaded;
  }
}
