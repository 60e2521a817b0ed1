package dev.parley.core.messaging;

/**
 * A request refused for a reason the client is told; nothing changed. The gateway maps {@link
 * #reason()} to an error code.
 */
public final class MessagingException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public MessagingException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Why a request was refused. */
  public enum Reason {
    /** A malformed request: a conversation id, page token or field the server cannot use. */
    INVALID_REQUEST,
    /** The conversation is not the user's (or the message is not theirs to ask about). */
    FORBIDDEN,
    /** No such conversation, or not one the user may see. */
    UNKNOWN_CONVERSATION,
    /** No user with that handle. */
    UNKNOWN_USER,
    /** A conversation with oneself. */
    SELF_CONVERSATION,
    /** A message with an empty body. */
    BODY_EMPTY,
    /** A message body over the limit. */
    BODY_TOO_LONG,
    /** Too many requests of this kind; try later. */
    RATE_LIMITED
  }
}
