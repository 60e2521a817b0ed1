package dev.parley.bench.relay;

/**
 * Runs the relay as its own process: {@code RelayMain <port>} (the bench starts it as a child JVM).
 */
public final class RelayMain {
  private RelayMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7071;
    try (RelayServer server = RelayServer.start(port, 0)) {
      server.awaitClose();
    }
  }
}
