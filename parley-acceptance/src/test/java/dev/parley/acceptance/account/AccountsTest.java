package dev.parley.acceptance.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCodes;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestServer;
import dev.parley.testing.TestSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Registration, log-in, device listing and revocation over the HTTP API. */
class AccountsTest {

  @Test
  void registrationValidatesHandlesAndPasswords() {
    try (TestServer server = TestServer.start()) {
      assertError(
          server.post("/v1/accounts", Map.of("handle", "x", "password", "violet-harbour-71"), null),
          400,
          "invalid_handle");
      assertError(
          server.post(
              "/v1/accounts", Map.of("handle", "1alice", "password", "violet-harbour-71"), null),
          400,
          "invalid_handle");
      assertError(
          server.post(
              "/v1/accounts", Map.of("handle", "al ice", "password", "violet-harbour-71"), null),
          400,
          "invalid_handle");
      // Shaped like a group id: a client could not tell them apart.
      assertError(
          server.post(
              "/v1/accounts",
              Map.of("handle", "g.abcdefghijklmnopqrstuvwxyz", "password", "violet-harbour-71"),
              null),
          400,
          "invalid_handle");
      assertError(
          server.post("/v1/accounts", Map.of("handle", "alice", "password", "short"), null),
          400,
          "invalid_password");
      assertError(server.post("/v1/accounts", "not json", null), 400, "invalid_request");
      HttpResponse<String> created =
          server.post(
              "/v1/accounts", Map.of("handle", "Alice", "password", "violet-harbour-71"), null);
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(TestServer.readJson(created.body()).get("handle").asText()).isEqualTo("alice");
      assertError(
          server.post(
              "/v1/accounts", Map.of("handle", "ALICE", "password", "amber-lantern-42"), null),
          409,
          "handle_taken");
    }
  }

  @Test
  void loginChecksCredentialsAndCreatesDevices() {
    try (TestServer server = TestServer.start()) {
      TestDevice phone = server.register("alice", "violet-harbour-71", "phone");
      assertError(
          server.post("/v1/sessions", Map.of("handle", "alice", "password", "wrong-pass"), null),
          401,
          "bad_credentials");
      assertError(
          server.post(
              "/v1/sessions", Map.of("handle", "nobody", "password", "violet-harbour-71"), null),
          401,
          "bad_credentials");
      TestDevice laptop = server.login("alice", "violet-harbour-71", "laptop");
      assertThat(laptop.deviceId()).isNotEqualTo(phone.deviceId());
      assertThat(laptop.token()).isNotEqualTo(phone.token());

      JsonNode devices =
          TestServer.readJson(server.get("/v1/devices", laptop.token()).body()).get("devices");
      assertThat(devices).hasSize(2);
      for (JsonNode d : devices) {
        assertThat(d.get("current").asBoolean())
            .isEqualTo(d.get("deviceId").asText().equals(laptop.deviceId()));
      }
      assertError(server.get("/v1/devices", "made-up-token"), 401, "unauthorized");
      assertError(server.get("/v1/devices", null), 401, "unauthorized");
    }
  }

  @Test
  void revokingADeviceClosesItsSocketAndRefusesItsToken() {
    try (TestServer server = TestServer.start()) {
      TestDevice phone = server.register("alice", "violet-harbour-71", "phone");
      TestDevice laptop = server.login("alice", "violet-harbour-71", "laptop");
      TestDevice other = server.register("mallory", "violet-harbour-71", "phone");
      try (TestSocket phoneSocket = TestSocket.connectAndSync(server, phone, null)) {
        assertError(
            server.delete("/v1/devices/" + phone.deviceId(), other.token()), 404, "unknown_device");
        assertThat(server.delete("/v1/devices/" + phone.deviceId(), laptop.token()).statusCode())
            .isEqualTo(204);
        assertThat(phoneSocket.awaitClose()).isEqualTo(CloseCodes.DEVICE_REVOKED);
      }
      assertError(server.get("/v1/devices", phone.token()), 401, "unauthorized");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestSocket.connect(server, phone))
          .isInstanceOf(CompletionException.class);
      try (TestSocket browser = TestSocket.connectAnonymous(server)) {
        browser.send(new ClientFrame.Auth(phone.token()));
        assertThat(browser.awaitClose()).isEqualTo(CloseCodes.UNAUTHORIZED);
      }
      // Log out is revoking your own device.
      assertThat(server.delete("/v1/devices/" + laptop.deviceId(), laptop.token()).statusCode())
          .isEqualTo(204);
      assertError(server.get("/v1/devices", laptop.token()), 401, "unauthorized");
    }
  }

  @Test
  void unknownPathsAndMethodsAreRefusedClearly() {
    try (TestServer server = TestServer.start()) {
      assertError(server.get("/v1/nothing-here", null), 404, "not_found");
      assertError(server.get("/v1/accounts", null), 405, "method_not_allowed");
      assertThat(server.get("/healthz", null).statusCode()).isEqualTo(200);
      assertThat(server.get("/readyz", null).statusCode()).isEqualTo(200);
    }
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(TestServer.readJson(response.body()).get("error").asText()).isEqualTo(code);
  }
}
