package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Creates the cluster-mode keyspace and its tables (layout in the package doc), and its epoch.
 * Idempotent: every statement is {@code IF NOT EXISTS}, so running it again (another node, a
 * restart, a retry after a timeout) changes nothing. Run it from one place (a deploy step, or a
 * single node): two coordinators creating the same table at the same moment can give it two
 * different table ids. Each statement has a long timeout, is retried and waits for schema agreement
 * ({@link SetUpStatements}): a loaded machine is slow to change a schema.
 */
public final class CassandraSchema {
  private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

  private static final List<String> TABLES =
      List.of(
          "CREATE TABLE IF NOT EXISTS %s.meta (name text PRIMARY KEY, value text)",
          // Accounts. users_by_handle holds the whole account: it is the row the handle is claimed
          // with
          // (LWT) and the one login reads.
          "CREATE TABLE IF NOT EXISTS %s.users_by_handle"
              + " (handle text PRIMARY KEY, user_id text, password_hash text, created_at bigint)",
          "CREATE TABLE IF NOT EXISTS %s.users"
              + " (user_id text PRIMARY KEY, handle text, password_hash text, created_at bigint)",
          "CREATE TABLE IF NOT EXISTS %s.devices"
              + " (user_id text, device_id text, name text, created_at bigint, token_hash blob,"
              + " PRIMARY KEY ((user_id), device_id))",
          // The device copied in, so authenticating a connection is one read.
          "CREATE TABLE IF NOT EXISTS %s.devices_by_token"
              + " (token_hash blob PRIMARY KEY, user_id text, device_id text, name text, created_at bigint)",
          "CREATE TABLE IF NOT EXISTS %s.settings (user_id text PRIMARY KEY, hide_last_seen boolean)",
          // Added after the first release: keyspaces created before get the column here (ADD IF NOT
          // EXISTS needs Cassandra 4.1+); older rows read it as null.
          "ALTER TABLE %s.devices ADD IF NOT EXISTS last_used bigint",
          "ALTER TABLE %s.devices_by_token ADD IF NOT EXISTS last_used bigint",
          // Conversations, written by the sequencer only.
          "CREATE TABLE IF NOT EXISTS %s.messages"
              + " (conv text, bucket bigint, seq bigint, id text, sender text, device text, ts bigint, body text,"
              + " PRIMARY KEY ((conv, bucket), seq))",
          "CREATE TABLE IF NOT EXISTS %s.idempotency"
              + " (conv text, sender text, id uuid, seq bigint, ts bigint, log_offset bigint,"
              + " PRIMARY KEY ((conv, sender, id)))",
          // Positions are frozen maps: one cell each, so a newer state replaces them whole (no
          // collection tombstones on a hot row, no mix of two states' entries).
          "CREATE TABLE IF NOT EXISTS %s.conversations"
              + " (conv text PRIMARY KEY, last_seq bigint, last_ts bigint, last_activity bigint,"
              + " delivered frozen<map<text, bigint>>, read frozen<map<text, bigint>>, applied_offset bigint)",
          "CREATE TABLE IF NOT EXISTS %s.inbox"
              + " (user_id text, activity bigint, conv text, PRIMARY KEY ((user_id), activity, conv))"
              + " WITH CLUSTERING ORDER BY (activity DESC, conv ASC)",
          "CREATE TABLE IF NOT EXISTS %s.feed"
              + " (user_id text, pos bigint, event text, PRIMARY KEY ((user_id), pos))",
          // Groups. A membership change is a message with this column set (the change as JSON).
          "ALTER TABLE %s.messages ADD IF NOT EXISTS system text",
          // One partition per group: the header in static columns, a row per member ever. The
          // sequencer writes a batch's rows of a group as one single-partition batch.
          "CREATE TABLE IF NOT EXISTS %s.group_members"
              + " (conv text, user_id text, role text, periods frozen<list<bigint>>,"
              + " delivered bigint, read bigint,"
              + " title text static, creator text static, created_ts bigint static, size int static,"
              + " all_delivered bigint static, all_read bigint static, last_seq bigint static,"
              + " last_ts bigint static, last_activity bigint static, applied_offset bigint static,"
              + " PRIMARY KEY ((conv), user_id))",
          "CREATE TABLE IF NOT EXISTS %s.user_groups"
              + " (user_id text, conv text, periods frozen<list<bigint>>,"
              + " PRIMARY KEY ((user_id), conv))",
          // Fan-out on read: a group's events in one feed partition, stored once per partition
          // that has members, at the partition's feed positions; the newest position per group;
          // and how far each feed partition is completely written.
          "CREATE TABLE IF NOT EXISTS %s.group_stream"
              + " (part int, conv text, pos bigint, seq bigint, PRIMARY KEY ((part, conv), pos))",
          "CREATE TABLE IF NOT EXISTS %s.group_heads"
              + " (part int, conv text, last_pos bigint, PRIMARY KEY ((part), conv))",
          "CREATE TABLE IF NOT EXISTS %s.feed_watermarks (part int PRIMARY KEY, pos bigint)",
          // Push, by the users' feed partition: the node owning a partition loads its rows.
          "CREATE TABLE IF NOT EXISTS %s.push_targets"
              + " (part int, user_id text, device_id text, gateway text, push_key text,"
              + " registered_at bigint, PRIMARY KEY ((part), user_id, device_id))",
          "CREATE TABLE IF NOT EXISTS %s.push_mutes"
              + " (part int, user_id text, conv text, until bigint,"
              + " PRIMARY KEY ((part), user_id, conv))",
          "CREATE TABLE IF NOT EXISTS %s.push_queue"
              + " (part int, id text, value text, PRIMARY KEY ((part), id))");

  private CassandraSchema() {}

  /**
   * Creates the keyspace with {@code SimpleStrategy} and {@code replicationFactor} replicas, every
   * table, and the epoch if there is none yet. Production keyspaces are created by operators with
   * {@code NetworkTopologyStrategy} (three replicas per data centre); this one is for a single data
   * centre, local runs and tests. An existing keyspace is left as it is.
   */
  public static void create(CqlSession session, String keyspace, int replicationFactor) {
    checkName(keyspace);
    SetUpStatements changes = new SetUpStatements(session);
    changes.execute(
        "CREATE KEYSPACE IF NOT EXISTS "
            + keyspace
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
            + replicationFactor
            + "}");
    for (String table : TABLES) {
      changes.execute(table.replace("%s", keyspace));
    }
    // Written once by whichever node gets there first; every other node's insert is not applied,
    // and neither is a retry of this one's.
    changes.execute(
        SimpleStatement.builder(
                "INSERT INTO " + keyspace + ".meta (name, value) VALUES ('epoch', ?) IF NOT EXISTS")
            .addPositionalValue(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
            .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
            .build());
  }

  /**
   * The store's epoch: 8 hex characters chosen when the keyspace was created. Feed positions are
   * only meaningful within one epoch, so a client holding a cursor of another epoch resynchronises.
   */
  public static String epoch(CqlSession session, String keyspace) {
    checkName(keyspace);
    // SERIAL so a read racing the creating insert sees its outcome, not a half-finished Paxos
    // round.
    Row row =
        new SetUpStatements(session)
            .execute(
                SimpleStatement.builder(
                        "SELECT value FROM " + keyspace + ".meta WHERE name = 'epoch'")
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                    .build())
            .one();
    if (row == null) {
      throw new IllegalStateException(
          "keyspace " + keyspace + " has no epoch: CassandraSchema.create was not run");
    }
    return row.getString("value");
  }

  private static void checkName(String keyspace) {
    if (!KEYSPACE.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("not a keyspace name this store uses: " + keyspace);
    }
  }
}
