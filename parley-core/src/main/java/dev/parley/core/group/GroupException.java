package dev.parley.core.group;

/**
 * A membership request the rules refuse; nothing changed. The gateway maps {@link #reason()} to an
 * error code.
 */
public final class GroupException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Reason reason;

  public GroupException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Why a request was refused. */
  public enum Reason {
    /** Not a member, or a member without the right (only admins manage the group). */
    FORBIDDEN,
    /** The group would exceed its member limit. */
    TOO_MANY_MEMBERS,
    /** An empty, over-long or control-character title. */
    INVALID_TITLE,
    /** A request that names nobody it could apply to (all already members, a non-member...). */
    INVALID_MEMBERS
  }
}
