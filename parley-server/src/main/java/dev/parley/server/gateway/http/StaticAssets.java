package dev.parley.server.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web client, served from the classpath folder {@code web/} (module parley-web). Assets are
 * small and read once, then kept in memory.
 */
final class StaticAssets {
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json",
          "webmanifest", "application/manifest+json");

  record Asset(byte[] body, String contentType) {}

  /**
   * Found assets only: caching misses would let requests for made-up names grow this without bound.
   */
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  /**
   * The asset for a request path, or empty; paths with {@code ..} or no known type are never
   * served.
   */
  Optional<Asset> find(String path) {
    String p = path.equals("/") ? "/index.html" : path;
    if (p.contains("..") || p.contains("//")) {
      return Optional.empty();
    }
    int dot = p.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(p.substring(dot + 1));
    if (type == null) {
      return Optional.empty();
    }
    Asset cached = cache.get(p);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Asset> loaded = load(p, type);
    loaded.ifPresent(a -> cache.put(p, a));
    return loaded;
  }

  private static Optional<Asset> load(String path, String type) {
    try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream("web" + path)) {
      return in == null ? Optional.empty() : Optional.of(new Asset(in.readAllBytes(), type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
