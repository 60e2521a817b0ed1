package dev.parley.client.transport;

/**
 * The server refused the token before the WebSocket upgrade (HTTP 401): unknown or revoked device.
 */
public final class UnauthorizedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException() {
    super("the server refused the token (HTTP 401)", null, false, false);
  }
}
