package dev.parley.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Clients configured for tests: fast reconnects and a short heartbeat, so faults heal in well under
 * a second.
 */
final class TestClients {
  private TestClients() {}

  static ParleyClient.Builder fast(URI server, String token, Path store, ParleyListener listener) {
    return ParleyClient.builder()
        .serverUri(server)
        .token(token)
        .store(store)
        .listener(listener)
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
        .heartbeat(Duration.ofMillis(300), Duration.ofSeconds(2))
        .connectTimeout(Duration.ofSeconds(2));
  }

  static ParleyClient started(URI server, String token, Path store, ParleyListener listener) {
    ParleyClient client = fast(server, token, store, listener).build();
    client.start();
    return client;
  }
}
