package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session replaced by a newer one of the same device (close 4009) stops instead of fighting back.
 */
class ReplacedSessionTest {
  @TempDir Path dir;

  @Test
  void theOlderSessionStopsAndTheNewerOneStaysOnline() {
    try (TestServer server = TestServer.start()) {
      TestDevice phone = server.register("alice", "violet-harbour-71", "phone");
      RecordingListener olderEvents = new RecordingListener();
      RecordingListener newerEvents = new RecordingListener();
      try (ParleyClient older =
          TestClients.started(
              server.httpUri(), phone.token(), dir.resolve("older.db"), olderEvents)) {
        olderEvents.awaitSynced();
        try (ParleyClient newer =
            TestClients.started(
                server.httpUri(), phone.token(), dir.resolve("newer.db"), newerEvents)) {
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> olderEvents.stops.contains(StopReason.REPLACED));
          assertThat(older.connectionState()).isEqualTo(ConnectionState.STOPPED);
          await()
              .during(Duration.ofSeconds(1))
              .atMost(Duration.ofSeconds(3))
              .until(() -> newer.connectionState() == ConnectionState.ONLINE);
          assertThat(newerEvents.stops).isEmpty();
        }
      }
    }
  }
}
