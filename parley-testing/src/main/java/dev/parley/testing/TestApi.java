package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The HTTP API of a server under test: accounts, devices and raw requests. */
public final class TestApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final URI base;

  public TestApi(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /** Registers a user and logs in one device. */
  public TestDevice register(String handle, String password, String deviceName) {
    HttpResponse<String> r =
        post("/v1/accounts", Map.of("handle", handle, "password", password), null);
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "register " + handle + " failed: " + r.statusCode() + " " + r.body());
    }
    return login(handle, password, deviceName);
  }

  /** Logs in another device of an existing user. */
  public TestDevice login(String handle, String password, String deviceName) {
    HttpResponse<String> r =
        post(
            "/v1/sessions",
            Map.of("handle", handle, "password", password, "deviceName", deviceName),
            null);
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "login " + handle + " failed: " + r.statusCode() + " " + r.body());
    }
    JsonNode n = readJson(r.body());
    return new TestDevice(
        n.get("userId").asText(),
        n.get("handle").asText(),
        n.get("deviceId").asText(),
        n.get("token").asText());
  }

  /** POSTs JSON (a String body is sent as is); {@code token} adds a bearer header when not null. */
  public HttpResponse<String> post(String path, Object body, String token) {
    try {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      return send(
          HttpRequest.newBuilder(base.resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(text)),
          token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Any method with a JSON body. */
  public HttpResponse<String> send(String method, String path, Object body, String token) {
    try {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      return send(
          HttpRequest.newBuilder(base.resolve(path))
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(text)),
          token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public HttpResponse<String> get(String path, String token) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), token);
  }

  public HttpResponse<String> delete(String path, String token) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), token);
  }

  public static JsonNode readJson(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
