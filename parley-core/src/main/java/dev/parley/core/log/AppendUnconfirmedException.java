package dev.parley.core.log;

/**
 * An append was handed to the log but its answer did not come in time. Unlike {@link
 * LogUnavailableException}, it may still be stored, and in its place: it is queued ahead of
 * anything the same sender appends after it, so nothing sent later can overtake it. A retry with
 * the same id returns its seq.
 */
public final class AppendUnconfirmedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AppendUnconfirmedException(String message, Throwable cause) {
    super(message, cause);
  }
}
