package dev.parley.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The immutable configuration {@link ParleyClient.Builder} produces; each field is documented
 * there.
 */
record ClientSettings(
    URI webSocketUri,
    String token,
    Path storeFile,
    Duration reconnectBase,
    Duration reconnectCap,
    Duration retryBase,
    Duration retryCap,
    Duration pingInterval,
    Duration deadAfter,
    Duration connectTimeout,
    int sendWindow,
    int conversationWindow) {

  /**
   * {@code http://host:port} becomes {@code ws://host:port/v1/ws}; a {@code ws://} URI with a path
   * is kept.
   */
  static URI webSocketUriFor(URI server) {
    String scheme =
        switch (server.getScheme()) {
          case "http", "ws" -> "ws";
          case "https", "wss" -> "wss";
          default ->
              throw new IllegalArgumentException("server URI must be http(s) or ws(s): " + server);
        };
    String path =
        server.getPath() == null || server.getPath().isEmpty() || server.getPath().equals("/")
            ? "/v1/ws"
            : server.getPath();
    return URI.create(scheme + "://" + server.getRawAuthority() + path);
  }
}
