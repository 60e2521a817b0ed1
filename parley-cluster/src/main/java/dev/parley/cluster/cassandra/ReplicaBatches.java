package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a round of independent writes to many partitions as few requests: the rows of partitions
 * that live on the same replicas travel together in unlogged batches, which the coordinator (a
 * replica of all of them, by token-aware routing) applies as one mutation per partition.
 *
 * <p>Why: a sequencer batch writes about six rows per message (message, key, state, inbox moves),
 * each a request of its own, and in Cassandra the native-transport handling of a request cost more
 * than the mutation it carried (docs/benchmarks.md, "where the CPU goes"). A batch here is not
 * atomic across partitions, and need not be: the callers wait for the whole round, and a failed
 * round is written again whole.
 *
 * <p>A batch holds at most {@link #MAX_BATCH_BYTES} of values: Cassandra logs a warning for every
 * batch over its default {@code batch_size_warn_threshold} (5 KiB, counted with the rows' own
 * overhead: 4 KiB of conversation rows' values measured 5.2 KiB there) and refuses multi-partition
 * batches over {@code batch_size_fail_threshold} (50 KiB). A partition's rows bigger than that go
 * alone (a single-partition batch has no limit). It also warns, at most once a minute, about
 * unlogged batches across more than 10 partitions; docs/operations.md says which setting quiets it.
 */
final class ReplicaBatches {
  static final int MAX_BATCH_BYTES = 3 * 1024;
  static final int MAX_BATCH_STATEMENTS = 500;

  /** The group of statements whose replicas the driver cannot tell. */
  private static final Object UNKNOWN_REPLICAS = new Object();

  private final CqlSession session;
  private final CqlIdentifier keyspace;

  ReplicaBatches(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = CqlIdentifier.fromInternal(keyspace);
  }

  Round round() {
    return new Round();
  }

  /** Writes collected for one round; {@link #send()} sends them. */
  final class Round {
    private final Map<Object, List<List<BoundStatement>>> byReplicas = new LinkedHashMap<>();
    private final List<Statement<?>> alone = new ArrayList<>();
    private final Optional<TokenMap> tokens = session.getMetadata().getTokenMap();

    /** Rows of one partition, which land together (one mutation). */
    void partition(BoundStatement... rows) {
      byReplicas.computeIfAbsent(replicas(rows[0]), r -> new ArrayList<>()).add(List.of(rows));
    }

    /** A statement sent by itself, such as a single-partition batch of any size. */
    void alone(Statement<?> statement) {
      alone.add(statement);
    }

    /** Completes when every write of the round is acknowledged. */
    CompletableFuture<Void> send() {
      List<Statement<?>> requests = requests();
      CompletableFuture<?>[] futures = new CompletableFuture<?>[requests.size()];
      for (int i = 0; i < futures.length; i++) {
        futures[i] = session.executeAsync(requests.get(i)).toCompletableFuture();
      }
      return CompletableFuture.allOf(futures);
    }

    /** The requests {@link #send()} sends. */
    List<Statement<?>> requests() {
      List<Statement<?>> requests = new ArrayList<>(alone);
      for (List<List<BoundStatement>> units : byReplicas.values()) {
        pack(units, requests);
      }
      return requests;
    }

    private Object replicas(BoundStatement statement) {
      ByteBuffer key = statement.getRoutingKey();
      if (key == null || tokens.isEmpty()) {
        return UNKNOWN_REPLICAS;
      }
      return tokens.get().getReplicas(keyspace, key);
    }
  }

  /** Packs units in order into batches within the bounds; a unit never spans two requests. */
  private static void pack(List<List<BoundStatement>> units, List<Statement<?>> requests) {
    List<BoundStatement> current = new ArrayList<>();
    int bytes = 0;
    for (List<BoundStatement> unit : units) {
      int unitBytes = bytes(unit);
      if (!current.isEmpty()
          && (bytes + unitBytes > MAX_BATCH_BYTES
              || current.size() + unit.size() > MAX_BATCH_STATEMENTS)) {
        requests.add(request(current));
        current = new ArrayList<>();
        bytes = 0;
      }
      current.addAll(unit);
      bytes += unitBytes;
    }
    if (!current.isEmpty()) {
      requests.add(request(current));
    }
  }

  private static Statement<?> request(List<BoundStatement> statements) {
    if (statements.size() == 1) {
      return statements.get(0);
    }
    return LocalQuorum.batch(BatchType.UNLOGGED).addStatements(List.copyOf(statements)).build();
  }

  static int bytes(List<BoundStatement> statements) {
    int total = 0;
    for (BoundStatement s : statements) {
      for (ByteBuffer value : s.getValues()) {
        total += value == null ? 4 : value.remaining() + 4;
      }
    }
    return total;
  }
}
