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
  INTERNAL;

  /** The name on the wire, e.g. {@code body_too_long}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
