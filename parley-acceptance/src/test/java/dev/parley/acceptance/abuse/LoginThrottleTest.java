package dev.parley.acceptance.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.account.LoginLimits;
import dev.parley.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Password guessing and mass registration are throttled with 429 and {@code Retry-After}; weak
 * passwords are refused; a lock ends on its own.
 */
class LoginThrottleTest {
  private static final String PASSWORD = "violet-harbour-71";

  @Test
  void guessesEndInATemporaryLockThatEvenTheRightPasswordWaitsOut() {
    LoginLimits limits =
        new LoginLimits(
            3,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            1_000,
            Duration.ofSeconds(1),
            1_000,
            Duration.ofSeconds(1),
            1_000);
    try (TestServer server = TestServer.start(c -> c.toBuilder().loginLimits(limits).build())) {
      server.register("alice", PASSWORD, "phone");
      int unauthorized = 0;
      HttpResponse<String> throttled = null;
      for (int i = 0; i < 200 && throttled == null; i++) {
        HttpResponse<String> r = login("alice", "guess-" + i, server);
        if (r.statusCode() == 401) {
          unauthorized++;
        } else {
          throttled = r;
        }
      }
      // The free failures and the one that started the lock were checked; the next was not.
      assertThat(unauthorized).isEqualTo(4);
      assertThat(throttled).isNotNull();
      assertThrottled(throttled);

      // The right password does not get through the lock either...
      assertThrottled(login("alice", PASSWORD, server));
      // ...until it ends on its own.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> login("alice", PASSWORD, server).statusCode() == 201);
    }
  }

  @Test
  void registrationsPerAddressAreThrottled() {
    LoginLimits limits =
        new LoginLimits(
            5,
            Duration.ofSeconds(1),
            Duration.ofMinutes(15),
            Duration.ofHours(24),
            30,
            Duration.ofSeconds(2),
            3,
            Duration.ofMinutes(3),
            1_000);
    try (TestServer server = TestServer.start(c -> c.toBuilder().loginLimits(limits).build())) {
      for (int i = 0; i < 3; i++) {
        assertThat(register("user" + i, PASSWORD, server).statusCode()).isEqualTo(201);
      }
      HttpResponse<String> refused = register("user3", PASSWORD, server);
      assertThrottled(refused);
      assertThat(refused.headers().firstValueAsLong("Retry-After").orElseThrow())
          .isBetween(1L, 180L);
    }
  }

  @Test
  void commonAndBlankPasswordsAreRefusedAtRegistration() {
    try (TestServer server = TestServer.start()) {
      for (String weak :
          new String[] {"12345678", "        ", "Password1", "qwerty123", "monkey123"}) {
        HttpResponse<String> r = register("alice", weak, server);
        assertThat(r.statusCode()).as(weak).isEqualTo(400);
        assertThat(TestServer.readJson(r.body()).get("error").asText())
            .isEqualTo("invalid_password");
      }
      assertThat(register("alice", "a long passphrase", server).statusCode()).isEqualTo(201);
    }
  }

  private static void assertThrottled(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    assertThat(r.headers().firstValueAsLong("Retry-After")).isPresent();
    assertThat(r.headers().firstValueAsLong("Retry-After").getAsLong()).isPositive();
    JsonNode body = TestServer.readJson(r.body());
    assertThat(body.get("error").asText()).isEqualTo("too_many_attempts");
    assertThat(body.get("retryAfterMs").asLong()).isPositive();
  }

  private static HttpResponse<String> login(String handle, String password, TestServer server) {
    return server.post(
        "/v1/sessions", Map.of("handle", handle, "password", password, "deviceName", "x"), null);
  }

  private static HttpResponse<String> register(String handle, String password, TestServer server) {
    return server.post("/v1/accounts", Map.of("handle", handle, "password", password), null);
  }
}
