package dev.parley.engines;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A single Cassandra node run from the {@code cassandra-all} artifact in its own JVM, with the
 * flags of {@code cluster/cassandra/jvm17.options} and {@code cluster/cassandra/cassandra.yaml}
 * filled in with free ports and the data directory. Ready means a CQL session connected and read
 * {@code release_version} from {@code system.local}.
 */
public final class CassandraProcess extends RunningEngine {
  /** The data centre name {@code SimpleSnitch} gives the node; drivers must name it as local. */
  public static final String DATACENTER = "datacenter1";

  private static final Duration TEST_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** A test's schema change; see {@link #schemaChange}. */
  public static final Duration SCHEMA_CHANGE_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private CassandraProcess(EngineProcess process, int port) {
    super(process, port);
  }

  /** Starts a node with data and logs under {@code dataDir}; returns once CQL queries succeed. */
  public static CassandraProcess start(ClusterDirectory cluster, Path dataDir) {
    int nativePort = LoopbackPorts.free();
    int storagePort = LoopbackPorts.free();
    Path config =
        cluster.render(
            "cassandra/cassandra.yaml",
            dataDir.resolve("conf/cassandra.yaml"),
            Map.of(
                "NATIVE_PORT", Integer.toString(nativePort),
                "STORAGE_PORT", Integer.toString(storagePort),
                "DATA_DIR", dataDir.toString()));
    Path tmp = directory(dataDir.resolve("tmp"));
    List<String> jvm = new ArrayList<>(cluster.jvmOptions("cassandra/jvm17.options"));
    jvm.add("-Dcassandra.config=" + config.toUri());
    jvm.add("-Dcassandra.storagedir=" + dataDir);
    jvm.add("-Dcassandra.logdir=" + directory(dataDir.resolve("logs")));
    jvm.add("-Dlogback.configurationFile=" + cluster.file("cassandra/logback.xml").toUri());
    // Native libraries (JNA, Netty's epoll, Snappy) unpack into java.io.tmpdir and are loaded from
    // there, so it must not be a noexec mount such as a hardened /tmp.
    jvm.add("-Djava.io.tmpdir=" + tmp);
    jvm.add("-Djna.tmpdir=" + tmp);
    EngineProcess node =
        EngineProcess.start(
            "cassandra",
            JavaCommand.of(
                jvm,
                EngineClasspath.of(cluster, "cassandra"),
                "org.apache.cassandra.service.CassandraDaemon",
                List.of()),
            dataDir,
            dataDir.resolve("logs/stdout.log"));
    CassandraProcess cassandra = new CassandraProcess(node, nativePort);
    try {
      // Cassandra opens the CQL port last, so a session is attempted only once the port answers.
      node.awaitReady(
          READY_TIMEOUT,
          () -> LoopbackPorts.accepts(nativePort) && cassandra.releaseVersion() != null);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return cassandra;
  }

  /** A session builder pointed at this node, with its local data centre set. */
  public CqlSessionBuilder sessionBuilder() {
    // A single test node on a busy two-core machine can take seconds for a schema change (CI saw
    // DROP KEYSPACE miss the driver's 2 s default); a slow answer is not the failure under test.
    // The driver's own set-up work (its wait for schema agreement after a change, the metadata it
    // reads then, a connection's first queries) gets the same patience. A schema change waits for
    // the driver's metadata refresh, which waits for more changes for 1 s by default: each test
    // keyspace's ~20 changes took ~25 s that way (the node's own sessions do the same, see
    // SetUpStatements in parley-cluster).
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress("127.0.0.1", port()))
        .withLocalDatacenter(DATACENTER)
        .withConfigLoader(
            DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, TEST_REQUEST_TIMEOUT)
                .withDuration(
                    DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, TEST_REQUEST_TIMEOUT)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, TEST_REQUEST_TIMEOUT)
                .withDuration(
                    DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, TEST_REQUEST_TIMEOUT)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(50))
                .build());
  }

  /**
   * Runs a test's schema change ({@code CREATE ... IF NOT EXISTS}, {@code DROP ... IF EXISTS}:
   * idempotent statements only) with {@link #SCHEMA_CHANGE_TIMEOUT}, once more after a client-side
   * timeout: on a loaded machine the node may apply a change after the driver gave up on it, and
   * the second attempt then finds it done.
   */
  public static ResultSet schemaChange(CqlSession session, String cql) {
    SimpleStatement statement =
        SimpleStatement.builder(cql).setTimeout(SCHEMA_CHANGE_TIMEOUT).build();
    try {
      return session.execute(statement);
    } catch (DriverTimeoutException e) {
      return session.execute(statement);
    }
  }

  /** The server's version as it reports it in {@code system.local}. */
  public String releaseVersion() {
    try (CqlSession session = sessionBuilder().build()) {
      return session
          .execute("SELECT release_version FROM system.local")
          .one()
          .getString("release_version");
    }
  }

  private static Path directory(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
