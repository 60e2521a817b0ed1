package dev.parley.server.config;

import dev.parley.core.account.DeviceLimits;
import dev.parley.core.account.LoginLimits;
import dev.parley.core.messaging.RateLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything an operator can set; {@code parley server --help} lists the flags, environment
 * variables and file keys that fill it. Build with {@link #builder(Path)}; defaults suit a single
 * node.
 *
 * @param host address to listen on
 * @param port TCP port for HTTP, WebSocket, web client and metrics (0 picks a free one)
 * @param dataDir where the embedded store keeps its files
 * @param syncWrites fsync before acknowledging
 * @param maxFrameBytes largest WebSocket frame answered normally; larger ones get {@code
 *     frame_too_large}
 * @param maxBodyBytes largest message body in UTF-8 bytes
 * @param syncBatch most events in one catch-up frame
 * @param argon2MemoryKib Argon2id memory cost per password hash
 * @param authTimeout how long a connection may stay unauthenticated
 * @param heartbeat silence after which the server pings; a second silent interval closes the
 *     connection
 * @param maxOutboundBytes bytes queued to one connection before it is cut as a slow consumer
 * @param maxConnections open WebSocket sessions in total
 * @param maxConnectionsPerUser open WebSocket sessions per user
 * @param rateLimits per-device rate limits and the bound on a connection's pending reads
 * @param loginLimits log-in and registration throttling per handle and per remote address
 * @param deviceLimits devices per user and their idle expiry
 * @param presenceWindow presence changes of a user are coalesced over this window
 * @param typingTtl a typing indicator expires after this long without a refresh
 * @param tlsCert PEM certificate chain for https/wss, or null for plain HTTP
 * @param tlsKey PEM PKCS#8 private key for {@code tlsCert}
 * @param cluster where the cluster engines are, or null for the embedded single node
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
    Duration authTimeout,
    Duration heartbeat,
    int maxOutboundBytes,
    int maxConnections,
    int maxConnectionsPerUser,
    RateLimits rateLimits,
    LoginLimits loginLimits,
    DeviceLimits deviceLimits,
    Duration presenceWindow,
    Duration typingTtl,
    Path tlsCert,
    Path tlsKey,
    ClusterConfig cluster) {

  public static final int DEFAULT_PORT = 7070;

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  public static ServerConfig defaults(Path dataDir) {
    return builder(dataDir).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder(dataDir);
    b.host = host;
    b.port = port;
    b.syncWrites = syncWrites;
    b.maxFrameBytes = maxFrameBytes;
    b.maxBodyBytes = maxBodyBytes;
    b.syncBatch = syncBatch;
    b.argon2MemoryKib = argon2MemoryKib;
    b.authTimeout = authTimeout;
    b.heartbeat = heartbeat;
    b.maxOutboundBytes = maxOutboundBytes;
    b.maxConnections = maxConnections;
    b.maxConnectionsPerUser = maxConnectionsPerUser;
    b.rateLimits = rateLimits;
    b.loginLimits = loginLimits;
    b.deviceLimits = deviceLimits;
    b.presenceWindow = presenceWindow;
    b.typingTtl = typingTtl;
    b.tlsCert = tlsCert;
    b.tlsKey = tlsKey;
    b.cluster = cluster;
    return b;
  }

  public boolean clustered() {
    return cluster != null;
  }

  public boolean tls() {
    return tlsCert != null;
  }

  /** Mutable builder; {@link #build()} checks the values. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private final Path dataDir;
    private boolean syncWrites = true;
    private int maxFrameBytes = 65_536;
    private int maxBodyBytes = 16_384;
    private int syncBatch = 500;
    private int argon2MemoryKib = 19 * 1024;
    private Duration authTimeout = Duration.ofSeconds(10);
    private Duration heartbeat = Duration.ofSeconds(20);
    private int maxOutboundBytes = 4 << 20;
    private int maxConnections = 200_000;
    private int maxConnectionsPerUser = 20;
    private RateLimits rateLimits = RateLimits.DEFAULTS;
    private LoginLimits loginLimits = LoginLimits.DEFAULTS;
    private DeviceLimits deviceLimits = DeviceLimits.DEFAULTS;
    private Duration presenceWindow = Duration.ofMillis(300);
    private Duration typingTtl = Duration.ofSeconds(6);
    private Path tlsCert;
    private Path tlsKey;
    private ClusterConfig cluster;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder syncWrites(boolean v) {
      syncWrites = v;
      return this;
    }

    public Builder maxFrameBytes(int v) {
      maxFrameBytes = v;
      return this;
    }

    public Builder maxBodyBytes(int v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder syncBatch(int v) {
      syncBatch = v;
      return this;
    }

    public Builder argon2MemoryKib(int v) {
      argon2MemoryKib = v;
      return this;
    }

    public Builder authTimeout(Duration v) {
      authTimeout = v;
      return this;
    }

    public Builder heartbeat(Duration v) {
      heartbeat = v;
      return this;
    }

    public Builder maxOutboundBytes(int v) {
      maxOutboundBytes = v;
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder maxConnectionsPerUser(int v) {
      maxConnectionsPerUser = v;
      return this;
    }

    public Builder rateLimits(RateLimits v) {
      rateLimits = v;
      return this;
    }

    public Builder loginLimits(LoginLimits v) {
      loginLimits = v;
      return this;
    }

    public Builder deviceLimits(DeviceLimits v) {
      deviceLimits = v;
      return this;
    }

    public Builder presenceWindow(Duration v) {
      presenceWindow = v;
      return this;
    }

    public Builder typingTtl(Duration v) {
      typingTtl = v;
      return this;
    }

    public Builder tls(Path cert, Path key) {
      tlsCert = cert;
      tlsKey = key;
      return this;
    }

    public Builder cluster(ClusterConfig v) {
      cluster = v;
      return this;
    }

    public ServerConfig build() {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0-65535");
      }
      if (maxFrameBytes < 1_024 || maxBodyBytes < 1 || maxBodyBytes > maxFrameBytes) {
        throw new IllegalArgumentException(
            "need 1024 <= max-frame-bytes and 1 <= max-body-bytes <= max-frame-bytes");
      }
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException("--tls-cert and --tls-key go together");
      }
      return new ServerConfig(
          host,
          port,
          dataDir,
          syncWrites,
          maxFrameBytes,
          maxBodyBytes,
          syncBatch,
          argon2MemoryKib,
          authTimeout,
          heartbeat,
          maxOutboundBytes,
          maxConnections,
          maxConnectionsPerUser,
          rateLimits,
          loginLimits,
          deviceLimits,
          presenceWindow,
          typingTtl,
          tlsCert,
          tlsKey,
          cluster);
    }
  }
}
