package dev.parley.protocol;

import java.util.Locale;

/** The {@code code} of an error frame; docs/protocol.md explains each. */
public enum ErrorCode {
  BAD_JSON,
  UNKNOWN_TYPE,
  INVALID_FRAME,
  FRAME_TOO_LARGE,
  UNSUPPORTED_FRAME,
  NOT_AUTHENTICATED,
  BODY_EMPTY,
  BODY_TOO_LONG,
  UNKNOWN_USER,
  SELF_CONVERSATION,
  UNKNOWN_CONVERSATION,
  FORBIDDEN,
  TOO_MANY_MEMBERS,
  INVALID_TITLE,
  INVALID_MEMBERS,
  OVERLOADED,
  RATE_LIMITED,
  INTERNAL,
  /**
   * A send refused because an earlier send of the same conversation from this device was refused
   * for now and has not been sent again: the error's {@code first} names it. Send that one again,
   * then this one.
   */
  OUT_OF_ORDER;

  /**
   * Whether a request refused with the code {@code wire} may be sent again unchanged later ({@code
   * rate_limited}, {@code overloaded}, {@code internal}); a refused send then blocks the later
   * sends of its conversation from that device until it is sent again (docs/protocol.md, "Order").
   */
  public static boolean retryable(String wire) {
    return RATE_LIMITED.wire().equals(wire)
        || OVERLOADED.wire().equals(wire)
        || INTERNAL.wire().equals(wire);
  }

  /** The name on the wire, e.g. {@code body_too_long}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
