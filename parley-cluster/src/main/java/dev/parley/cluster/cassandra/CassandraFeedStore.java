package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.parley.core.feed.FeedEntry;
import dev.parley.core.feed.FeedStore;
import dev.parley.protocol.FeedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Users' feeds in the {@code feed} table: one partition per user, events by position, each stored
 * whole as its JSON (a feed read is one partition slice, no second read for message bodies).
 */
public final class CassandraFeedStore implements FeedStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectReader EVENT_READER = JSON.readerFor(FeedEvent.class);
  private static final ObjectWriter EVENT_WRITER = JSON.writerFor(FeedEvent.class);

  private final CqlSession session;
  private final String epoch;
  private final PreparedStatement insert;
  private final PreparedStatement selectAfter;
  private final PreparedStatement selectHead;

  public CassandraFeedStore(CqlSession session, String keyspace) {
    this.session = session;
    this.epoch = CassandraSchema.epoch(session, keyspace);
    insert =
        LocalQuorum.prepare(
            session, keyspace, "INSERT INTO %s.feed (user_id, pos, event) VALUES (?, ?, ?)");
    selectAfter =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT pos, event FROM %s.feed WHERE user_id = ? AND pos > ? LIMIT ?");
    selectHead =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT pos FROM %s.feed WHERE user_id = ? ORDER BY pos DESC LIMIT 1");
  }

  /**
   * Appends each user's entries (in increasing position) as one single-partition batch, which
   * Cassandra applies atomically and in isolation: a reader never sees a later position of this
   * call without the earlier ones of the same user. Users are written concurrently; the stage
   * completes when all are.
   */
  public CompletionStage<Void> append(Map<String, List<FeedEntry>> byUser) {
    List<CompletableFuture<?>> writes = new ArrayList<>(byUser.size());
    try {
      byUser.forEach(
          (user, entries) -> {
            if (!entries.isEmpty()) {
              BatchStatementBuilder batch = LocalQuorum.batch(BatchType.UNLOGGED);
              for (FeedEntry entry : entries) {
                batch.addStatement(insert.bind(user, entry.pos(), json(entry.event())));
              }
              writes.add(session.executeAsync(batch.build()).toCompletableFuture());
            }
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture<?>[]::new));
  }

  @Override
  public List<FeedEntry> read(String userId, long after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<FeedEntry> out = new ArrayList<>(limit);
    for (Row row : session.execute(selectAfter.bind(userId, after, limit))) {
      out.add(new FeedEntry(row.getLong("pos"), event(row.getString("event"))));
    }
    return out;
  }

  @Override
  public long head(String userId) {
    Row row = session.execute(selectHead.bind(userId)).one();
    return row == null ? 0 : row.getLong("pos");
  }

  @Override
  public String epoch() {
    return epoch;
  }

  private static String json(FeedEvent event) {
    try {
      return EVENT_WRITER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("feed event not serialisable: " + event, e);
    }
  }

  private static FeedEvent event(String json) {
    try {
      return EVENT_READER.readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt feed event: " + json, e);
    }
  }
}
