package dev.parley.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP account API (docs/protocol.md, section 1): register, log in (creates a device and its
 * token), list and revoke devices, register for push notifications and mute conversations. Blocking
 * calls on {@link java.net.http.HttpClient}; thread-safe.
 *
 * <pre>{@code
 * ParleyAccounts accounts = ParleyAccounts.at(URI.create("http://localhost:7070"));
 * accounts.register("alice", "correct horse");
 * ParleyAccounts.Session session = accounts.login("alice", "correct horse", "laptop");
 * }</pre>
 */
public final class ParleyAccounts {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI server;
  private final HttpClient http;

  private ParleyAccounts(URI server) {
    this.server = server;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The account API of the server at {@code server} ({@code http://host:port}). */
  public static ParleyAccounts at(URI server) {
    return new ParleyAccounts(server);
  }

  /** A registered account. */
  public record Account(String userId, String handle) {}

  /** A logged-in device: the token authenticates its WebSocket; keep it secret. */
  public record Session(String userId, String handle, String deviceId, String token) {}

  /** One device of the user. */
  public record Device(String deviceId, String name, long createdAt, boolean current) {}

  /**
   * Creates an account; fails with {@code invalid_handle}, {@code invalid_password} or {@code
   * handle_taken}.
   */
  public Account register(String handle, String password) {
    JsonNode body =
        call("POST", "/v1/accounts", null, Map.of("handle", handle, "password", password));
    return new Account(body.path("userId").asText(), body.path("handle").asText());
  }

  /**
   * Logs in and creates a device named {@code deviceName} (may be null); fails with {@code
   * bad_credentials}.
   */
  public Session login(String handle, String password, String deviceName) {
    Map<String, String> request = new LinkedHashMap<>();
    request.put("handle", handle);
    request.put("password", password);
    if (deviceName != null) {
      request.put("deviceName", deviceName);
    }
    JsonNode body = call("POST", "/v1/sessions", null, request);
    return new Session(
        body.path("userId").asText(),
        body.path("handle").asText(),
        body.path("deviceId").asText(),
        body.path("token").asText());
  }

  /** The devices of the token's user. */
  public List<Device> devices(String token) {
    JsonNode body = call("GET", "/v1/devices", token, null);
    List<Device> devices = new ArrayList<>();
    for (JsonNode d : body.path("devices")) {
      devices.add(
          new Device(
              d.path("deviceId").asText(),
              d.path("name").asText(),
              d.path("createdAt").asLong(),
              d.path("current").asBoolean()));
    }
    return devices;
  }

  /**
   * Revokes a device of the token's user (log out: revoke your own); its session closes with 4003.
   */
  public void revoke(String token, String deviceId) {
    call("DELETE", "/v1/devices/" + deviceId, token, null);
  }

  /**
   * Wakes the token's device through push gateway {@code gateway} (a name the server's operator
   * configured) with {@code key}, the token its platform (FCM, APNs) gave the app, while it has no
   * live session; registering again replaces the key. Fails with {@code unknown_gateway}, {@code
   * invalid_request} or {@code push_disabled}. See docs/push.md.
   */
  public void registerPush(String token, String gateway, String key) {
    call("PUT", "/v1/push", token, Map.of("gateway", gateway, "key", key));
  }

  /** Stops waking the token's device; fails with {@code not_registered} if it was not. */
  public void unregisterPush(String token) {
    call("DELETE", "/v1/push", token, null);
  }

  /**
   * Mutes conversation {@code conv} for the token's user on every device until {@code untilMillis}
   * (epoch ms), or until unmuted if null: no push notifications for its messages.
   */
  public void mute(String token, String conv, Long untilMillis) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("until", untilMillis);
    call("PUT", "/v1/mutes/" + conv, token, body);
  }

  public void unmute(String token, String conv) {
    call("DELETE", "/v1/mutes/" + conv, token, null);
  }

  /** The user's muted conversations: conv → until (epoch ms), null for until unmuted. */
  public Map<String, Long> mutes(String token) {
    Map<String, Long> mutes = new LinkedHashMap<>();
    for (JsonNode m : call("GET", "/v1/mutes", token, null).path("mutes")) {
      mutes.put(
          m.path("conv").asText(), m.path("until").isNull() ? null : m.path("until").asLong());
    }
    return mutes;
  }

  private JsonNode call(String method, String path, String token, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(server.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json =
          response.body() == null || response.body().isBlank()
              ? JSON.createObjectNode()
              : JSON.readTree(response.body());
      if (response.statusCode() / 100 != 2) {
        throw new ParleyApiException(
            response.statusCode(),
            json.path("error").asText("http_" + response.statusCode()),
            json.path("message").asText(""));
      }
      return json;
    } catch (IOException e) {
      throw new ParleyApiException(
          0, "unreachable", "cannot reach " + server + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ParleyApiException(0, "interrupted", "interrupted");
    }
  }
}
