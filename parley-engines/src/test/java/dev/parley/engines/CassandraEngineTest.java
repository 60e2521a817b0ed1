package dev.parley.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CassandraEngineTest {
  private static final int PAGE_SIZE = 100;
  private static CqlSession session;
  private static String keyspace;

  @BeforeAll
  static void createKeyspace() {
    keyspace = Engines.uniqueName("ks");
    session = Engines.cassandra().sessionBuilder().build();
    CassandraProcess.schemaChange(
        session,
        "CREATE KEYSPACE IF NOT EXISTS "
            + keyspace
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    CassandraProcess.schemaChange(
        session,
        "CREATE TABLE IF NOT EXISTS "
            + keyspace
            + ".messages (conv uuid, bucket int, seq bigint, body blob,"
            + " PRIMARY KEY ((conv, bucket), seq))");
  }

  @AfterAll
  static void dropKeyspace() {
    CassandraProcess.schemaChange(session, "DROP KEYSPACE IF EXISTS " + keyspace);
    session.close();
  }

  @Test
  void aSchemaChangeRunAgainFindsItDoneSoRetryingItIsSafe() {
    String create =
        "CREATE TABLE IF NOT EXISTS " + keyspace + ".again (id int PRIMARY KEY, value text)";
    CassandraProcess.schemaChange(session, create);
    CassandraProcess.schemaChange(session, create);

    session.execute("INSERT INTO " + keyspace + ".again (id, value) VALUES (1, 'x')");
    assertThat(session.execute("SELECT value FROM " + keyspace + ".again WHERE id = 1").one())
        .isNotNull();
  }

  @Test
  void nodeRunsThePinnedCassandraVersion() {
    assertThat(Engines.cassandra().releaseVersion())
        .isEqualTo(System.getProperty("parley.cassandra.version"));
  }

  @Test
  void partitionIsPagedInSequenceOrderAndHoldsOnlyItsOwnRows() {
    UUID conv = UUID.randomUUID();
    PreparedStatement insert =
        session.prepare(
            "INSERT INTO " + keyspace + ".messages (conv, bucket, seq, body) VALUES (?, ?, ?, ?)");
    // Insert out of order and into a neighbouring bucket: the clustering order and the partition
    // key,
    // not the insertion order, must decide what a page returns.
    for (long seq = 250; seq >= 1; seq--) {
      session.execute(insert.bind(conv, 7, seq, ByteBuffer.wrap(("m" + seq).getBytes())));
    }
    session.execute(insert.bind(conv, 8, 1L, ByteBuffer.wrap("next bucket".getBytes())));

    SimpleStatement select =
        SimpleStatement.builder(
                "SELECT seq FROM " + keyspace + ".messages WHERE conv = ? AND bucket = ?")
            .addPositionalValues(conv, 7)
            .setPageSize(PAGE_SIZE)
            .build();
    List<Long> seqs = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    ByteBuffer pagingState = null;
    do {
      ResultSet page = session.execute(select.setPagingState(pagingState));
      int rows = page.getAvailableWithoutFetching();
      for (int i = 0; i < rows; i++) {
        Row row = page.one();
        seqs.add(row.getLong("seq"));
      }
      pageSizes.add(rows);
      pagingState = page.getExecutionInfo().getPagingState();
    } while (pagingState != null);

    assertThat(pageSizes).containsExactly(100, 100, 50);
    assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 250).boxed().toList());
  }
}
