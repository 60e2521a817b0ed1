package dev.parley.server.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may use the API and open WebSockets: browsers send any site's requests to any
 * server (a cross-site {@code text/plain} POST, a WebSocket from an attacker's page), and tell the
 * server who is asking with {@code Origin}. Allowed: requests without {@code Origin} (not a
 * browser: SDKs, the CLI, curl), the server's own pages (the {@code Origin}'s host and port are the
 * request's {@code Host}), and the configured origins ({@code *}: any).
 */
public final class OriginPolicy {
  private final boolean any;
  private final Set<String> allowed;

  /** {@code allowedOrigins} as {@link #normalise} writes them. */
  public OriginPolicy(List<String> allowedOrigins) {
    this.any = allowedOrigins.contains("*");
    this.allowed = Set.copyOf(allowedOrigins);
  }

  /**
   * An origin written as browsers send it in {@code Origin}: {@code https://Chat.Example.com/} →
   * {@code https://chat.example.com}; {@code *} stays.
   */
  public static String normalise(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }

  /** A {@link #normalise}d origin, or {@code *}; not a bare host, not a path. */
  public static boolean isOrigin(String normalised) {
    return normalised.equals("*") || normalised.matches("[a-z][a-z0-9+.-]*://[^/?#\\s]+");
  }

  public boolean allows(HttpRequest request) {
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin == null || any) {
      return true;
    }
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return allowed.contains(o) || sameOrigin(o, request.headers().get(HttpHeaderNames.HOST));
  }

  /**
   * The origin names the host the request was sent to. A {@code Host} without a port means the
   * default port of the origin's scheme (a TLS proxy in front sees https, this server http).
   */
  static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    URI o;
    URI h;
    try {
      o = new URI(origin);
      h = new URI("http://" + host.trim().toLowerCase(Locale.ROOT));
    } catch (URISyntaxException e) {
      return false;
    }
    if (o.getHost() == null || h.getHost() == null || o.getScheme() == null) {
      return false;
    }
    int defaultPort = defaultPort(o.getScheme());
    int originPort = o.getPort() < 0 ? defaultPort : o.getPort();
    int hostPort = h.getPort() < 0 ? defaultPort : h.getPort();
    return o.getHost().equals(h.getHost()) && originPort == hostPort;
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "https", "wss" -> 443;
      case "http", "ws" -> 80;
      default -> -1;
    };
  }
}
