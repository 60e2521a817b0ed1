package dev.parley.client;

/**
 * The client's connection to the server, as reported to {@link ParleyListener#onConnectionState}.
 */
public enum ConnectionState {
  /** Opening a WebSocket or waiting for {@code welcome}. */
  CONNECTING,
  /** Authenticated ({@code welcome} received): the outbox drains and the feed flows. */
  ONLINE,
  /** Lost the connection; a reconnect is scheduled with backoff. */
  OFFLINE,
  /**
   * Gave up for good: see {@link StopReason}. Only a new client (after logging in again)
   * reconnects.
   */
  STOPPED
}
