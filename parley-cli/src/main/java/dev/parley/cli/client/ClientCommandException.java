package dev.parley.cli.client;

/**
 * A client command failed for a reason the user can act on; its message is printed, exit code 1.
 */
final class ClientCommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClientCommandException(String message) {
    super(message);
  }
}
