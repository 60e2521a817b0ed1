package dev.parley.core.presence;

/**
 * Who is online. A user is online while at least one of their connections is open; when the last
 * closes, the user is offline with that time as last seen. Best effort by design: in cluster mode a
 * crashed node's connections expire with their TTL.
 *
 * <p>Contract: {@link #connected} and {@link #disconnected} report a transition of the user exactly
 * once; a connection id is counted once however often it is reported.
 */
public interface PresenceStore {

  /** Records an open connection; true if the user was offline before. */
  boolean connected(String userId, String connectionId);

  /** Records a closed connection at {@code atMillis}; true if the user is now offline. */
  boolean disconnected(String userId, String connectionId, long atMillis);

  /**
   * Whether the user is online, and when they were last seen (null if never, while they are
   * offline).
   */
  Snapshot snapshot(String userId);

  record Snapshot(boolean online, Long lastSeen) {}
}
