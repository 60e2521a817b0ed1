package dev.parley.client.request;

/**
 * A request failed: the server answered with an {@code error} frame, and {@link #code()} is its
 * error code; or the connection dropped before a group change was answered ({@link
 * #CONNECTION_LOST}).
 */
public final class ParleyRequestException extends RuntimeException {
  /**
   * Not a server code: the connection dropped after a group change ({@code addMembers}, {@code
   * removeMember}, {@code leaveGroup}, {@code setAdmin}, {@code renameGroup}) was sent and before
   * its answer, so it may or may not have taken effect; the feed's membership changes, or {@code
   * groupInfo}, tell. Such requests are not repeated because a repeat is refused rather than
   * answered like the first ({@code invalid_members}, {@code forbidden}).
   */
  public static final String CONNECTION_LOST = "connection_lost";

  private static final long serialVersionUID = 1L;
  private final String code;

  public ParleyRequestException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /** The wire error code, e.g. {@code unknown_user}, or {@link #CONNECTION_LOST}. */
  public String code() {
    return code;
  }
}
