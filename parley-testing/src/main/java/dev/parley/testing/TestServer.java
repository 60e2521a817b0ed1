package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.messaging.RateLimits;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real Parley server in this JVM on 127.0.0.1 and an ephemeral port, with its own data directory.
 * Password hashing uses Argon2id at 1 MiB instead of 19 MiB so tests can create many accounts
 * quickly, and per-device rate limits are off unless a test sets them, so tests can send in bulk.
 * Its admin listener ({@code /metrics}) is on another ephemeral port: {@link #metrics()}.
 */
public final class TestServer implements AutoCloseable {
  private final Path dataDir;
  private final boolean ownsDir;
  private ServerConfig config;
  private ParleyServer server;

  private TestServer(Path dataDir, boolean ownsDir, UnaryOperator<ServerConfig> customise) {
    this.dataDir = dataDir;
    this.ownsDir = ownsDir;
    this.config =
        customise.apply(
            ServerConfig.builder()
                .set(ServerOptions.DATA_DIR, dataDir)
                .set(ServerOptions.HOST, "127.0.0.1")
                .set(ServerOptions.PORT, 0)
                .set(ServerOptions.ARGON2_MEMORY_KIB, 1024)
                .rateLimits(RateLimits.UNLIMITED)
                .set(ServerOptions.ADMIN_HOST, "127.0.0.1")
                .set(ServerOptions.ADMIN_PORT, 0)
                .build());
    this.server = ParleyServer.start(config);
    // A restart keeps both ports.
    this.config =
        config.toBuilder()
            .set(ServerOptions.PORT, server.port())
            .set(ServerOptions.ADMIN_PORT, server.adminPort())
            .build();
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

  /** The admin listener's port ({@code /metrics}, {@code /healthz}, {@code /readyz}). */
  public int adminPort() {
    return server.adminPort();
  }

  /** The admin listener's HTTP endpoints. */
  public TestApi adminApi() {
    return new TestApi(URI.create("http://127.0.0.1:" + config.get(ServerOptions.ADMIN_PORT)));
  }

  /** The Prometheus scrape, from the admin listener. */
  public String metrics() {
    return adminApi().get("/metrics", null).body();
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

  /** The HTTP API of this server (its port survives {@link #restart()}). */
  public TestApi api() {
    return new TestApi(httpUri());
  }

  /** Registers a user and logs in one device. */
  public TestDevice register(String handle, String password, String deviceName) {
    return api().register(handle, password, deviceName);
  }

  /** Logs in another device of an existing user. */
  public TestDevice login(String handle, String password, String deviceName) {
    return api().login(handle, password, deviceName);
  }

  public HttpResponse<String> post(String path, Object body, String token) {
    return api().post(path, body, token);
  }

  public HttpResponse<String> get(String path, String token) {
    return api().get(path, token);
  }

  public HttpResponse<String> delete(String path, String token) {
    return api().delete(path, token);
  }

  public static JsonNode readJson(String body) {
    return TestApi.readJson(body);
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
