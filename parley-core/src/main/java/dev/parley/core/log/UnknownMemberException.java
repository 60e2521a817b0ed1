package dev.parley.core.log;

/** An append to a conversation one of whose members does not exist; nothing was stored. */
public final class UnknownMemberException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownMemberException(String message) {
    super(message, null, false, false);
  }
}
