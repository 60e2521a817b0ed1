package dev.parley.client;

/** Why a client stopped connecting, as reported to {@link ParleyListener#onStopped}. */
public enum StopReason {
  /** The application closed the client. */
  CLOSED,
  /**
   * The server refused the token (HTTP 401 or close 4001): unknown or revoked device; log in again.
   */
  UNAUTHORIZED,
  /** This device was revoked while connected (close 4003); log in again. */
  DEVICE_REVOKED,
  /** The same device opened a newer session (close 4009); this client must not fight it. */
  REPLACED
}
