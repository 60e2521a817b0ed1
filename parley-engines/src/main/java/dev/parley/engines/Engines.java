package dev.parley.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared instance of each engine per JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Starting Kafka or Cassandra costs seconds, so tests share them and isolate themselves by name
 * instead: a keyspace, topic or key prefix from {@link #uniqueName(String)}. Data goes under {@code
 * parley.engines.dir} (the build points it into {@code target/engines}), one fresh directory per
 * engine per JVM.
 *
 * <pre>{@code
 * String topic = Engines.uniqueName("messages");
 * try (Admin admin = Engines.kafka().admin()) { ... }
 * }</pre>
 */
public final class Engines {
  private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
  private static final AtomicLong NAMES = new AtomicLong();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static KafkaProcess kafka;
  private static CassandraProcess cassandra;
  private static RedisProcess redis;
  private static boolean reaped;

  private Engines() {}

  /** The shared Kafka broker, started now if this is the first call. */
  public static synchronized KafkaProcess kafka() {
    if (kafka == null) {
      kafka =
          startStoppingAtExit("kafka", dir -> KafkaProcess.start(ClusterDirectory.locate(), dir));
    }
    return kafka;
  }

  /** The shared Cassandra node, started now if this is the first call. */
  public static synchronized CassandraProcess cassandra() {
    if (cassandra == null) {
      cassandra =
          startStoppingAtExit(
              "cassandra", dir -> CassandraProcess.start(ClusterDirectory.locate(), dir));
    }
    return cassandra;
  }

  /** The shared Redis server, started now if this is the first call. */
  public static synchronized RedisProcess redis() {
    if (redis == null) {
      redis =
          startStoppingAtExit("redis", dir -> RedisProcess.start(ClusterDirectory.locate(), dir));
    }
    return redis;
  }

  /**
   * A name no other caller in this JVM or in a concurrent one gets: lower-case letters, digits and
   * underscores, at most 48 characters, so it is valid as a Cassandra keyspace, a Kafka topic and a
   * Redis key prefix alike.
   */
  public static String uniqueName(String prefix) {
    String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String suffix = "_" + RUN + "_" + NAMES.incrementAndGet();
    return base.substring(0, Math.min(base.length(), 48 - suffix.length())) + suffix;
  }

  /** A fresh directory for one engine's data and logs. */
  public static Path newDataDirectory(String engine) {
    try {
      return Files.createTempDirectory(Files.createDirectories(baseDirectory()), engine + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path baseDirectory() {
    return Path.of(System.getProperty("parley.engines.dir", "target/engines")).toAbsolutePath();
  }

  private static synchronized void reapLeftoversOnce() {
    if (!reaped) {
      reaped = true;
      List<Long> killed = LeftoverEngines.reap(baseDirectory());
      if (!killed.isEmpty()) {
        LOG.warn("killed engines left running by an earlier JVM that died: pids {}", killed);
      }
    }
  }

  private static <T extends AutoCloseable> T startStoppingAtExit(
      String engine, Function<Path, T> starter) {
    reapLeftoversOnce();
    Path dir = newDataDirectory(engine);
    long begin = System.nanoTime();
    T started = starter.apply(dir);
    // Start times drift with machine load; logging them makes a slow CI run explainable.
    LOG.info(
        "{} ready in {} ms, data and logs in {}",
        engine,
        (System.nanoTime() - begin) / 1_000_000,
        dir);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    started.close();
                  } catch (Exception e) {
                    // Exiting anyway: report, and let the other engines' hooks still run.
                    System.err.println("stopping " + engine + " failed: " + e);
                  }
                },
                "stop-" + engine));
    return started;
  }
}
