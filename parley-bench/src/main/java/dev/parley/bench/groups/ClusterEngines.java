package dev.parley.bench.groups;

import dev.parley.engines.CassandraProcess;
import dev.parley.engines.ClusterDirectory;
import dev.parley.engines.KafkaProcess;
import dev.parley.engines.RedisProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Kafka, Cassandra and Redis started by the bench as separate processes on free loopback ports (the
 * way the cluster tests start them, {@code dev.parley.engines}), each with its data under {@code
 * dir}; closing stops exactly these three processes.
 */
record ClusterEngines(KafkaProcess kafka, CassandraProcess cassandra, RedisProcess redis)
    implements AutoCloseable {

  static ClusterEngines start(Path dir, PrintStream progress) throws IOException {
    ClusterDirectory cluster = ClusterDirectory.locate();
    long begin = System.nanoTime();
    progress.println("starting Kafka, Cassandra and Redis under " + dir + "…");
    KafkaProcess kafka = null;
    CassandraProcess cassandra = null;
    try {
      kafka = KafkaProcess.start(cluster, fresh(dir.resolve("kafka")));
      cassandra = CassandraProcess.start(cluster, fresh(dir.resolve("cassandra")));
      RedisProcess redis = RedisProcess.start(cluster, fresh(dir.resolve("redis")));
      progress.printf(
          "engines ready after %.1f s (Cassandra pid %d)%n",
          (System.nanoTime() - begin) / 1e9, cassandra.pid());
      return new ClusterEngines(kafka, cassandra, redis);
    } catch (RuntimeException | IOException e) {
      if (cassandra != null) {
        cassandra.close();
      }
      if (kafka != null) {
        kafka.close();
      }
      throw e;
    }
  }

  /** The {@code parley server} options of a node of cluster {@code name} over these engines. */
  List<String> nodeArgs(String name) {
    return List.of(
        "--mode",
        "cluster",
        "--kafka",
        kafka.bootstrapServers(),
        "--cassandra",
        "127.0.0.1:" + cassandra.port(),
        "--redis",
        "redis://127.0.0.1:" + redis.port(),
        "--cluster-name",
        name,
        "--node-id",
        "bench-disk");
  }

  /** Parley's node first, then this: the engines in the reverse order of their start. */
  @Override
  public void close() {
    redis.close();
    cassandra.close();
    kafka.close();
  }

  /** An empty directory: a run never measures an earlier run's keyspace. */
  private static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }
}
