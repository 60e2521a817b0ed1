package dev.parley.acceptance.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.account.DeviceLimits;
import dev.parley.protocol.CloseCodes;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Log-ins do not pile up devices: a cap per user, and idle devices expire. */
class DevicesTest {
  private static final String PASSWORD = "violet-harbour-71";

  @Test
  void aLogInBeyondTheCapRevokesTheLeastRecentlyUsedDevice() {
    // Every authentication records the use, so the order of use is exact.
    DeviceLimits limits = new DeviceLimits(3, Duration.ofDays(90), Duration.ZERO);
    try (TestServer server = TestServer.start(c -> c.toBuilder().deviceLimits(limits).build())) {
      TestDevice first = server.register("alice", PASSWORD, "first");
      TestDevice second = server.login("alice", PASSWORD, "second");
      TestDevice third = server.login("alice", PASSWORD, "third");
      try (TestSocket secondSocket = TestSocket.connect(server, second)) {
        // Used after the second connected: the second is now the least recently used.
        assertThat(server.get("/v1/devices", first.token()).statusCode()).isEqualTo(200);
        assertThat(server.get("/v1/devices", third.token()).statusCode()).isEqualTo(200);

        TestDevice fourth = server.login("alice", PASSWORD, "fourth");

        assertThat(secondSocket.awaitClose()).isEqualTo(CloseCodes.DEVICE_REVOKED);
        assertThat(server.get("/v1/devices", second.token()).statusCode()).isEqualTo(401);
        assertThat(deviceIds(server, fourth))
            .containsExactlyInAnyOrder(first.deviceId(), third.deviceId(), fourth.deviceId());
      }
    }
  }

  @Test
  void twentySevenLogInsLeaveAtMostTheCap() {
    DeviceLimits limits = new DeviceLimits(5, Duration.ofDays(90), Duration.ofHours(1));
    try (TestServer server = TestServer.start(c -> c.toBuilder().deviceLimits(limits).build())) {
      server.register("alice", PASSWORD, "setup");
      TestDevice last = null;
      for (int i = 0; i < 27; i++) {
        last = server.login("alice", PASSWORD, "test run " + i);
      }
      assertThat(deviceIds(server, last)).hasSize(5).contains(last.deviceId());
    }
  }

  @Test
  void aDeviceUnusedForTheIdleExpiryIsRevoked() {
    DeviceLimits limits = new DeviceLimits(32, Duration.ofSeconds(2), Duration.ZERO);
    try (TestServer server = TestServer.start(c -> c.toBuilder().deviceLimits(limits).build())) {
      TestDevice idle = server.register("alice", PASSWORD, "old tablet");
      TestDevice used = server.login("alice", PASSWORD, "phone");
      // Each look at the list uses (and so keeps) the phone; the tablet is left alone.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> deviceIds(server, used).equals(List.of(used.deviceId())));
      assertThat(server.get("/v1/devices", idle.token()).statusCode()).isEqualTo(401);
      assertThat(server.get("/v1/devices", used.token()).statusCode()).isEqualTo(200);
    }
  }

  private static List<String> deviceIds(TestServer server, TestDevice as) {
    JsonNode devices =
        TestServer.readJson(server.get("/v1/devices", as.token()).body()).get("devices");
    List<String> ids = new ArrayList<>();
    for (JsonNode d : devices) {
      assertThat(d.get("lastUsedAt").asLong()).isGreaterThanOrEqualTo(d.get("createdAt").asLong());
      ids.add(d.get("deviceId").asText());
    }
    return ids;
  }
}
