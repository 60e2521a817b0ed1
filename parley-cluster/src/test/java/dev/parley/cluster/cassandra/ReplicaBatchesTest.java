package dev.parley.cluster.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplicaBatchesTest {
  private static TestKeyspace keyspace;
  private static PreparedStatement insert;
  private static PreparedStatement select;

  @BeforeAll
  static void createKeyspace() {
    keyspace = TestKeyspace.create();
    insert =
        LocalQuorum.prepare(
            keyspace.session(),
            keyspace.name(),
            "INSERT INTO %s.feed (user_id, pos, event) VALUES (?, ?, ?)");
    select =
        LocalQuorum.prepare(
            keyspace.session(),
            keyspace.name(),
            "SELECT pos, event FROM %s.feed WHERE user_id = ?");
  }

  @AfterAll
  static void closeSession() {
    keyspace.close();
  }

  @Test
  void manyPartitionsRowsTravelInFewBatchesWithinTheSizeLimitAndAllLand() throws Exception {
    ReplicaBatches.Round round = new ReplicaBatches(keyspace.session(), keyspace.name()).round();
    Map<String, List<String>> written = new HashMap<>();
    // 300 small partitions, a few whose one row is big, one whose rows together exceed a batch.
    for (int u = 0; u < 300; u++) {
      written.put("small" + u, List.of("a".repeat(200) + u, "b".repeat(300) + u));
    }
    for (int u = 0; u < 4; u++) {
      written.put("big" + u, List.of("c".repeat(20_000) + u));
    }
    written.put("huge", List.of("d".repeat(30_000), "e".repeat(30_000), "f".repeat(30_000)));
    written.forEach(
        (user, events) -> {
          BoundStatement[] rows = new BoundStatement[events.size()];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = insert.bind(user, (long) i, events.get(i));
          }
          round.partition(rows);
        });

    List<Statement<?>> requests = round.requests();
    // 305 partitions: ~170 KB of small rows in 3 KiB batches, and the 5 big ones alone.
    assertThat(requests).hasSizeLessThan(80); // against 605 rows
    for (Statement<?> request : requests) {
      List<BoundStatement> statements = statements(request);
      if (statements.stream().map(s -> s.getString(0)).distinct().count() > 1) {
        assertThat(ReplicaBatches.bytes(statements))
            .isLessThanOrEqualTo(ReplicaBatches.MAX_BATCH_BYTES);
        assertThat(statements).hasSizeLessThanOrEqualTo(ReplicaBatches.MAX_BATCH_STATEMENTS);
      }
    }
    // A partition's rows are never split over two requests.
    Map<String, Integer> requestOf = new HashMap<>();
    for (int r = 0; r < requests.size(); r++) {
      for (BoundStatement s : statements(requests.get(r))) {
        Integer before = requestOf.putIfAbsent(s.getString(0), r);
        assertThat(before == null || before == r).as(s.getString(0)).isTrue();
      }
    }

    round.send().get(60, TimeUnit.SECONDS);

    written.forEach(
        (user, events) -> {
          List<String> stored = new ArrayList<>();
          for (Row row : keyspace.session().execute(select.bind(user))) {
            stored.add(row.getString("event"));
          }
          assertThat(stored).as(user).isEqualTo(events);
        });
  }

  private static List<BoundStatement> statements(Statement<?> request) {
    List<BoundStatement> out = new ArrayList<>();
    if (request instanceof BatchStatement batch) {
      batch.forEach(s -> out.add((BoundStatement) s));
    } else {
      out.add((BoundStatement) request);
    }
    return out;
  }
}
