package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real Parley server in this JVM on 127.0.0.1 and an ephemeral port, with its own data directory.
 * Password hashing uses Argon2id at 1 MiB instead of 19 MiB so tests can create many accounts quickly.
 */
public final class TestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path dataDir;
  private final boolean ownsDir;
  private ServerConfig config;
  private ParleyServer server;

  private TestServer(Path dataDir, boolean ownsDir, UnaryOperator<ServerConfig> customise) {
    this.dataDir = dataDir;
    this.ownsDir = ownsDir;
    this.config = customise.apply(ServerConfig.defaults(dataDir).withHost("127.0.0.1").withPort(0).withArgon2MemoryKib(1024));
    this.server = ParleyServer.start(config);
    this.config = config.withPort(server.port());
  }

  /** Starts a server with a fresh temporary data directory, deleted on {@link #close()}. */
  public static TestServer start() {
    return start(UnaryOperator.identity());
  }

  /** Starts a server on an existing data directory, which is kept. */
  public static TestServer start(Path dataDir) {
    return new TestServer(dataDir, false, UnaryOperator.identity());
  }

  /** Starts with a customised configuration on a fresh temporary data directory. */
  public static TestServer start(UnaryOperator<ServerConfig> customise) {
    try {
      return new TestServer(Files.createTempDirectory("parley-test"), true, customise);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.port();
  }

  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public URI wsUri() {
    return URI.create("ws://127.0.0.1:" + port() + "/v1/ws");
  }

  public Path dataDir() {
    return dataDir;
  }

  public ParleyServer server() {
    return server;
  }

  /** Stops the server; {@link #begin()} starts it again on the same port and data directory. */
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public void begin() {
    if (server == null) {
      server = ParleyServer.start(config);
    }
  }

  /** Stops and starts again on the same port and data directory. */
  public void restart() {
    stop();
    begin();
  }

  /** Registers a user and logs in one device. */
  public TestDevice register(String handle, String password, String deviceName) {
    HttpResponse<String> r = post("/v1/accounts", Map.of("handle", handle, "password", password), null);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("register " + handle + " failed: " + r.statusCode() + " " + r.body());
    }
    return login(handle, password, deviceName);
  }

  /** Logs in another device of an existing user. */
  public TestDevice login(String handle, String password, String deviceName) {
    HttpResponse<String> r = post("/v1/sessions", Map.of("handle", handle, "password", password, "deviceName", deviceName), null);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("login " + handle + " failed: " + r.statusCode() + " " + r.body());
    }
    JsonNode n = readJson(r.body());
    return new TestDevice(n.get("userId").asText(), n.get("handle").asText(), n.get("deviceId").asText(), n.get("token").asText());
  }

  /** POSTs JSON; {@code token} adds a bearer header when not null. */
  public HttpResponse<String> post(String path, Object body, String token) {
    try {
      return send(HttpRequest.newBuilder(httpUri().resolve(path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))), token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public HttpResponse<String> get(String path, String token) {
    return send(HttpRequest.newBuilder(httpUri().resolve(path)).GET(), token);
  }

  public HttpResponse<String> delete(String path, String token) {
    return send(HttpRequest.newBuilder(httpUri().resolve(path)).DELETE(), token);
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

  @Override
  public void close() {
    stop();
    if (ownsDir) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
