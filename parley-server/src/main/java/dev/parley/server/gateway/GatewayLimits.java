package dev.parley.server.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's defences against hostile clients and where its admin listener is, in one place
 * (docs/operations.md, "Hostile clients"). {@link #DEFAULTS} suits a node facing the internet
 * directly; behind a proxy set {@link #trustedProxies}.
 *
 * @param headerTimeout an HTTP request line and its headers must arrive within this long of their
 *     first byte (or of the connection being accepted); otherwise 408 and the connection is closed.
 *     Default 10 s. Ends slowloris: connections that trickle a request never finish.
 * @param bodyTimeout an HTTP request body must arrive within this long of its headers. Default 30
 *     s.
 * @param idleTimeout a keep-alive HTTP connection with no request for this long is closed. Default
 *     60 s. (WebSocket sessions are kept alive by heartbeats instead.)
 * @param maxConnectionsPerAddress open connections (HTTP and WebSocket) from one client address;
 *     more are closed at once. 0 means no cap. Default 256: enough for a household or office behind
 *     one NAT address, few enough that one host cannot hold the server's file descriptors. Behind a
 *     proxy the client address is taken from {@code X-Forwarded-For} (see {@link #trustedProxies}).
 * @param trustedProxies addresses ({@code 10.0.0.5}) or ranges ({@code 10.0.0.0/8}, {@code
 *     fd00::/8}) of proxies whose {@code X-Forwarded-For} header names the client. A connection
 *     from anyone else is its own client, whatever it claims. Default none.
 * @param allowedOrigins browser origins ({@code https://chat.example.com}) besides the server's own
 *     that may call the HTTP API and open WebSockets; {@code *} allows any. The server's own origin
 *     (an {@code Origin} whose host and port are the request's {@code Host}) is always allowed, and
 *     so are requests without {@code Origin} (not a browser). Others get 403. Default none.
 * @param adminHost address of the admin listener ({@code /metrics}, {@code /healthz}, {@code
 *     /readyz}). Default 127.0.0.1: metrics are for the operator, not the internet.
 * @param adminPort port of the admin listener; 0 picks a free one (logged at start). Default 9070.
 */
public record GatewayLimits(
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    int maxConnectionsPerAddress,
    List<String> trustedProxies,
    List<String> allowedOrigins,
    String adminHost,
    int adminPort) {

  public static final int DEFAULT_ADMIN_PORT = 9070;

  public static final GatewayLimits DEFAULTS =
      new GatewayLimits(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          256,
          List.of(),
          List.of(),
          "127.0.0.1",
          DEFAULT_ADMIN_PORT);

  /** Checks every value, so that a bad flag fails at start with its reason. */
  public GatewayLimits {
    positive(headerTimeout, "--http-header-timeout-ms");
    positive(bodyTimeout, "--http-body-timeout-ms");
    positive(idleTimeout, "--http-idle-timeout-ms");
    if (maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException(
          "--max-connections-per-address must be 0 (no cap) or more");
    }
    trustedProxies = List.copyOf(trustedProxies);
    TrustedProxies.parse(trustedProxies);
    allowedOrigins = allowedOrigins.stream().map(GatewayLimits::origin).toList();
    if (adminHost == null || adminHost.isBlank()) {
      throw new IllegalArgumentException("--admin-host must name an address");
    }
    if (adminPort < 0 || adminPort > 65_535) {
      throw new IllegalArgumentException("--admin-port must be 0-65535");
    }
  }

  public GatewayLimits withHeaderTimeout(Duration v) {
    return new GatewayLimits(
        v,
        bodyTimeout,
        idleTimeout,
        maxConnectionsPerAddress,
        trustedProxies,
        allowedOrigins,
        adminHost,
        adminPort);
  }

  public GatewayLimits withBodyTimeout(Duration v) {
    return new GatewayLimits(
        headerTimeout,
        v,
        idleTimeout,
        maxConnectionsPerAddress,
        trustedProxies,
        allowedOrigins,
        adminHost,
        adminPort);
  }

  public GatewayLimits withIdleTimeout(Duration v) {
    return new GatewayLimits(
        headerTimeout,
        bodyTimeout,
        v,
        maxConnectionsPerAddress,
        trustedProxies,
        allowedOrigins,
        adminHost,
        adminPort);
  }

  public GatewayLimits withMaxConnectionsPerAddress(int v) {
    return new GatewayLimits(
        headerTimeout,
        bodyTimeout,
        idleTimeout,
        v,
        trustedProxies,
        allowedOrigins,
        adminHost,
        adminPort);
  }

  public GatewayLimits withTrustedProxies(List<String> v) {
    return new GatewayLimits(
        headerTimeout,
        bodyTimeout,
        idleTimeout,
        maxConnectionsPerAddress,
        v,
        allowedOrigins,
        adminHost,
        adminPort);
  }

  public GatewayLimits withAllowedOrigins(List<String> v) {
    return new GatewayLimits(
        headerTimeout,
        bodyTimeout,
        idleTimeout,
        maxConnectionsPerAddress,
        trustedProxies,
        v,
        adminHost,
        adminPort);
  }

  public GatewayLimits withAdmin(String host, int port) {
    return new GatewayLimits(
        headerTimeout,
        bodyTimeout,
        idleTimeout,
        maxConnectionsPerAddress,
        trustedProxies,
        allowedOrigins,
        host,
        port);
  }

  private static void positive(Duration d, String option) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(option + " must be positive");
    }
  }

  /** {@code https://Chat.Example.com/} → {@code https://chat.example.com}; {@code *} stays. */
  private static String origin(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    if (!v.equals("*") && !v.matches("[a-z][a-z0-9+.-]*://[^/?#\\s]+")) {
      throw new IllegalArgumentException(
          "--allowed-origins takes origins like https://chat.example.com (or *), not " + value);
    }
    return v;
  }
}
