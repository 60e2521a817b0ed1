package dev.parley.bench.groups;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.parley.engines.CassandraProcess;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cluster's keyspace on the bench's single Cassandra node, measured at rest: once the node has
 * stopped writing, every table is flushed and major-compacted, then its live SSTable bytes (every
 * component, as stored: compressed as the table is configured) and its live rows are read.
 *
 * <p>Tombstones: a major compaction keeps those younger than the table's {@code gc_grace_seconds}
 * (ten days by default), so {@link #purgeTombstones()} sets it to 0 on the bench's own keyspace:
 * what is measured is what the data costs once the deletions of a moved inbox row or a replaced
 * position are gone, as they are ten days later in production.
 */
final class CassandraKeyspace implements AutoCloseable {
  /** How long the keyspace's write count must stand still before the node counts as idle. */
  private static final Duration IDLE = Duration.ofSeconds(3);

  private static final Duration MOST_WAIT = Duration.ofMinutes(3);
  private static final Duration COUNT_TIMEOUT = Duration.ofMinutes(2);

  private final CqlSession session;
  private final CassandraJmx jmx;
  private final String keyspace;
  private final PrintStream progress;

  CassandraKeyspace(CqlSession session, CassandraJmx jmx, String keyspace, PrintStream progress) {
    this.session = session;
    this.jmx = jmx;
    this.keyspace = keyspace;
    this.progress = progress;
  }

  /**
   * A session to the bench's node. Counting a table's rows is an aggregation over every partition,
   * which Cassandra warns about; here it is the point, so the driver does not log those warnings.
   */
  static CqlSession session(CassandraProcess cassandra) {
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress("127.0.0.1", cassandra.port()))
        .withLocalDatacenter(CassandraProcess.DATACENTER)
        .withConfigLoader(
            DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withBoolean(DefaultDriverOption.REQUEST_LOG_WARNINGS, false)
                .build())
        .build();
  }

  List<String> tables() {
    return session
        .execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
        .all()
        .stream()
        .map(r -> r.getString("table_name"))
        .toList();
  }

  /** Each table's compression options, as the schema created them (Cassandra's default if none). */
  Map<String, String> compression() {
    Map<String, String> out = new TreeMap<>();
    for (Row r :
        session.execute(
            "SELECT table_name, compression FROM system_schema.tables WHERE keyspace_name = ?",
            keyspace)) {
      out.put(r.getString("table_name"), String.valueOf(r.getMap(1, String.class, String.class)));
    }
    return out;
  }

  void purgeTombstones() {
    for (String table : tables()) {
      session.execute(
          SimpleStatement.builder(
                  "ALTER TABLE " + keyspace + "." + table + " WITH gc_grace_seconds = 0")
              .setTimeout(Duration.ofSeconds(60))
              .build());
    }
  }

  /** Waits until the node is idle, flushes and compacts, and measures every table. */
  Map<String, StoreFootprint.Family> measure() throws Exception {
    awaitIdle();
    jmx.flush(keyspace);
    jmx.compact(keyspace);
    Map<String, StoreFootprint.Family> tables = new LinkedHashMap<>();
    for (String table : tables()) {
      long rows =
          session
              .execute(
                  SimpleStatement.builder("SELECT COUNT(*) FROM " + keyspace + "." + table)
                      .setTimeout(COUNT_TIMEOUT)
                      .build())
              .one()
              .getLong(0);
      tables.put(table, new StoreFootprint.Family(jmx.liveDiskSpaceUsed(keyspace, table), rows));
    }
    return tables;
  }

  /**
   * The sequencer and the feed writers write to Cassandra after a send is acknowledged (from
   * Kafka); measuring before they are done would count their rows in the next step.
   */
  private void awaitIdle() throws Exception {
    long deadline = System.nanoTime() + MOST_WAIT.toNanos();
    long last = jmx.writes(keyspace);
    long stillSince = System.nanoTime();
    while (System.nanoTime() - stillSince < IDLE.toNanos()) {
      if (System.nanoTime() > deadline) {
        progress.println("the node still writes after " + MOST_WAIT + "; measuring anyway");
        return;
      }
      Thread.sleep(250);
      long now = jmx.writes(keyspace);
      if (now != last) {
        last = now;
        stillSince = System.nanoTime();
      }
    }
  }

  @Override
  public void close() throws Exception {
    session.close();
    jmx.close();
  }
}
