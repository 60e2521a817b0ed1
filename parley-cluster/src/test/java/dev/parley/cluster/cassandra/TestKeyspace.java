package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.engines.Engines;

/**
 * A session to the shared test Cassandra and a fresh keyspace with the whole schema, one per test
 * class. Keyspaces are not dropped: dropping costs seconds of flushing, and the engine's data
 * directory is thrown away with the JVM anyway.
 */
record TestKeyspace(CqlSession session, String name) implements AutoCloseable {

  static TestKeyspace create() {
    CqlSession session = Engines.cassandra().sessionBuilder().build();
    String name = Engines.uniqueName("ks");
    CassandraSchema.create(session, name, 1);
    return new TestKeyspace(session, name);
  }

  /** Empties {@code tables}: cheaper than a keyspace per test. */
  void truncate(java.util.List<String> tables) {
    for (String table : tables) {
      session.execute(
          com.datastax.oss.driver.api.core.cql.SimpleStatement.builder(
                  "TRUNCATE " + name + "." + table)
              .setTimeout(java.time.Duration.ofSeconds(30))
              .build());
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
