package dev.parley.client.transport;

import dev.parley.protocol.CloseCodes;

/**
 * What a client does after the server closed its WebSocket, by close code (docs/protocol.md, "Close
 * codes").
 */
public enum CloseReaction {
  /** Going away, internal error, auth timeout, network loss: reconnect with backoff. */
  RECONNECT,
  /** 4001: the token is missing, unknown or revoked; log in again. */
  STOP_UNAUTHORIZED,
  /** 4003: this device was revoked while connected; log in again. */
  STOP_DEVICE_REVOKED,
  /** 4009: the same device opened a newer session; this one must not fight it. */
  STOP_REPLACED;

  /** The reaction to close code {@code code}; unknown codes reconnect, as a server error would. */
  public static CloseReaction of(int code) {
    return switch (code) {
      case CloseCodes.UNAUTHORIZED -> STOP_UNAUTHORIZED;
      case CloseCodes.DEVICE_REVOKED -> STOP_DEVICE_REVOKED;
      case CloseCodes.REPLACED -> STOP_REPLACED;
      default -> RECONNECT;
    };
  }
}
