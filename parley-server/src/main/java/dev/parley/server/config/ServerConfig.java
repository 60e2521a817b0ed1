package dev.parley.server.config;

import java.nio.file.Path;

/**
 * Everything an operator can set. {@code docs/configuration} in {@code parley server --help} lists the
 * flags, environment variables and file keys that fill it.
 *
 * @param host address to listen on
 * @param port TCP port for HTTP, WebSocket and the web client (0 picks a free one)
 * @param dataDir where the embedded store keeps its files
 * @param syncWrites fsync before acknowledging (never turn off where losing acknowledged messages on a
 *     power cut matters)
 * @param maxFrameBytes largest WebSocket frame answered normally; larger ones get {@code frame_too_large}
 * @param maxBodyBytes largest message body in UTF-8 bytes
 * @param syncBatch most events in one catch-up frame
 * @param argon2MemoryKib Argon2id memory cost per password hash
 * @param authTimeoutMillis how long a connection may stay unauthenticated
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    boolean syncWrites,
    int maxFrameBytes,
    int maxBodyBytes,
    int syncBatch,
    int argon2MemoryKib,
    long authTimeoutMillis) {

  public static final int DEFAULT_PORT = 7070;

  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig("0.0.0.0", DEFAULT_PORT, dataDir, true, 65_536, 16_384, 500, 19 * 1024, 10_000);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir, syncWrites, maxFrameBytes, maxBodyBytes, syncBatch, argon2MemoryKib, authTimeoutMillis);
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(newHost, port, dataDir, syncWrites, maxFrameBytes, maxBodyBytes, syncBatch, argon2MemoryKib, authTimeoutMillis);
  }

  public ServerConfig withArgon2MemoryKib(int kib) {
    return new ServerConfig(host, port, dataDir, syncWrites, maxFrameBytes, maxBodyBytes, syncBatch, kib, authTimeoutMillis);
  }

  public ServerConfig withAuthTimeoutMillis(long millis) {
    return new ServerConfig(host, port, dataDir, syncWrites, maxFrameBytes, maxBodyBytes, syncBatch, argon2MemoryKib, millis);
  }
}
