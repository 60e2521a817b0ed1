package dev.parley.core.feed;

/** Why the server ends a device's session; the transport turns each into its close code. */
public enum SessionEnd {
  /** A newer session of the same device took over. */
  REPLACED,
  /** The device was revoked. */
  REVOKED,
  /** The server is shutting down; reconnect (to another node) and sync. */
  SHUTTING_DOWN,
  /** The server cannot take on this session's catch-up now; reconnect with backoff and sync. */
  BUSY
}
