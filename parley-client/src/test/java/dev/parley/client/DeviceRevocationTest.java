package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.proxy.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revoked device stops for good and the application is told; it never retries. */
class DeviceRevocationTest {
  @TempDir Path dir;

  @Test
  void aDeviceRevokedWhileConnectedStopsRetryingAndTellsTheApp() {
    try (TestServer server = TestServer.start();
        FaultProxy link = FaultProxy.start("127.0.0.1", server.httpUri().getPort())) {
      TestDevice phone = server.register("alice", "violet-harbour-71", "phone");
      TestDevice laptop = server.login("alice", "violet-harbour-71", "laptop");
      RecordingListener events = new RecordingListener();
      try (ParleyClient client =
          TestClients.started(link.httpUri(), phone.token(), dir.resolve("phone.db"), events)) {
        await().until(() -> client.connectionState() == ConnectionState.ONLINE);

        ParleyAccounts.at(server.httpUri()).revoke(laptop.token(), phone.deviceId());

        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> events.stops.contains(StopReason.DEVICE_REVOKED));
        assertThat(client.connectionState()).isEqualTo(ConnectionState.STOPPED);
        // Reconnects would take at most 300 ms here; for two seconds none is attempted.
        await()
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(3))
            .until(
                () ->
                    link.acceptedCount() == 1
                        && client.connectionState() == ConnectionState.STOPPED);
        assertThat(events.stops).containsExactly(StopReason.DEVICE_REVOKED);
      }
    }
  }

  @Test
  void aRevokedTokenIsRefusedAtConnectAndTheClientStops() {
    try (TestServer server = TestServer.start()) {
      TestDevice phone = server.register("alice", "violet-harbour-71", "phone");
      ParleyAccounts.at(server.httpUri()).revoke(phone.token(), phone.deviceId());
      RecordingListener events = new RecordingListener();
      try (ParleyClient client =
          TestClients.started(server.httpUri(), phone.token(), dir.resolve("phone.db"), events)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> events.stops.contains(StopReason.UNAUTHORIZED));
        assertThat(client.connectionState()).isEqualTo(ConnectionState.STOPPED);
        assertThat(events.states).doesNotContain(ConnectionState.ONLINE);
      }
    }
  }
}
