package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * Every statement of this package runs at {@code LOCAL_QUORUM} (and LWTs at {@code LOCAL_SERIAL}).
 * Production keyspaces have three replicas per data centre, so a quorum write followed by a quorum
 * read always overlaps in one replica: a reader sees every write acknowledged before it started,
 * which the sequencer's "applied offset" promise and the feed's "no hole below the head" promise
 * rely on. With one replica (local runs, tests) it is the same as {@code ONE}.
 */
final class LocalQuorum {
  private LocalQuorum() {}

  /**
   * Prepares {@code cql}, whose table names are qualified by the keyspace ({@code "%s"} stands for
   * it); the bound statements inherit the consistency levels. {@code idempotent} lets the driver
   * retry or speculatively repeat it: true for plain reads and for writes that land the same
   * however often they run; false for LWTs.
   */
  static PreparedStatement prepare(
      CqlSession session, String keyspace, String cql, boolean idempotent) {
    SimpleStatement statement =
        SimpleStatement.builder(cql.replace("%s", keyspace))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
            .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
            .setIdempotence(idempotent)
            .build();
    // Stores prepare at a node's start, when a loaded machine may miss the request timeout once.
    // Preparing again is harmless; a longer timeout here would pass on to every bound statement.
    return SetUpStatements.retried(() -> session.prepare(statement), SetUpStatements::pause);
  }

  static PreparedStatement prepare(CqlSession session, String keyspace, String cql) {
    return prepare(session, keyspace, cql, true);
  }

  /**
   * A batch. {@code UNLOGGED} is for one partition, where Cassandra applies it atomically and in
   * isolation (readers see all of it or none); {@code LOGGED} for rows of several partitions that
   * must all land eventually even if the coordinator dies.
   */
  static BatchStatementBuilder batch(BatchType type) {
    return BatchStatement.builder(type)
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
        .setIdempotence(true);
  }
}
