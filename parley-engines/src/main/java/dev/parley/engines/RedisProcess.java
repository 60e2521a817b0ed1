package dev.parley.engines;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Redis server from the system's {@code redis-server} (Debian package, see {@code
 * cluster/install-engines.sh}), configured by {@code cluster/redis/redis.conf} with no persistence.
 * Ready means it answered {@code PING} through Lettuce.
 */
public final class RedisProcess extends RunningEngine {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private RedisProcess(EngineProcess process, int port) {
    super(process, port);
  }

  /** Starts a server working in {@code dataDir} and returns once it answers PING. */
  public static RedisProcess start(ClusterDirectory cluster, Path dataDir) {
    int port = LoopbackPorts.free();
    Path config =
        cluster.render(
            "redis/redis.conf",
            dataDir.resolve("redis.conf"),
            Map.of("PORT", Integer.toString(port), "DATA_DIR", dataDir.toString()));
    String executable = System.getenv().getOrDefault("PARLEY_REDIS_SERVER", "redis-server");
    EngineProcess server =
        EngineProcess.start(
            "redis", List.of(executable, config.toString()), dataDir, dataDir.resolve("redis.log"));
    RedisProcess redis = new RedisProcess(server, port);
    try {
      server.awaitReady(READY_TIMEOUT, () -> LoopbackPorts.accepts(port) && redis.answersPing());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return redis;
  }

  /** A {@code redis://} URI for clients. */
  public RedisURI uri() {
    return RedisURI.create("127.0.0.1", port());
  }

  private boolean answersPing() {
    RedisClient client = RedisClient.create(uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return "PONG".equals(connection.sync().ping());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }
}
