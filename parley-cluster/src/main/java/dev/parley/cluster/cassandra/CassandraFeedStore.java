package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.parley.cluster.EventJson;
import dev.parley.cluster.FeedPartitions;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedEntry;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.MemberPeriod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Users' feeds: the {@code feed} table (one partition per user, events by position, each stored
 * whole as its JSON) merged with the streams of the user's groups in the user's feed partition
 * ({@code group_stream}: a pointer (conv, seq) per event and feed partition, never a copy per
 * member), up to the partition's watermark.
 *
 * <p><b>Why a watermark.</b> A feed writer's batch lands in many Cassandra partitions (users'
 * feeds, group streams) in no particular order. Reading one user's feed alone is safe (each user's
 * rows of a batch are one single-partition batch), but a merge across partitions could see a
 * group's row at position 18 before a 1:1 row at 15 of the same batch, move the cursor past 15 and
 * lose it. The feed writer therefore writes {@code feed_watermarks} after every row of a batch is
 * acknowledged, and a read returns nothing above it: what it returns is complete below it.
 */
public final class CassandraFeedStore implements FeedStore {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(EventJson.module());
  private static final ObjectReader EVENT_READER = JSON.readerFor(ConversationEvent.class);
  private static final ObjectWriter EVENT_WRITER = JSON.writerFor(ConversationEvent.class);

  /** Groups per {@code group_heads} query (an IN on the clustering key of one partition). */
  private static final int HEADS_PER_QUERY = 100;

  private final CqlSession session;
  private final String epoch;
  private final FeedPartitions partitions;
  private final PreparedStatement insert;
  private final PreparedStatement selectAfter;
  private final PreparedStatement selectHead;
  private final PreparedStatement insertStream;
  private final PreparedStatement insertHead;
  private final PreparedStatement insertWatermark;
  private final PreparedStatement selectWatermark;
  private final PreparedStatement selectUserGroups;
  private final PreparedStatement selectHeads;
  private final PreparedStatement selectStream;
  private final PreparedStatement selectMessages;
  private final ReplicaBatches batches;

  public CassandraFeedStore(CqlSession session, String keyspace, FeedPartitions partitions) {
    this.session = session;
    this.batches = new ReplicaBatches(session, keyspace);
    this.partitions = partitions;
    this.epoch = CassandraSchema.epoch(session, keyspace);
    insert =
        LocalQuorum.prepare(
            session, keyspace, "INSERT INTO %s.feed (user_id, pos, event) VALUES (?, ?, ?)");
    selectAfter =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT pos, event FROM %s.feed WHERE user_id = ? AND pos > ? AND pos <= ? LIMIT ?");
    selectHead =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT pos FROM %s.feed WHERE user_id = ? ORDER BY pos DESC LIMIT 1");
    insertStream =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.group_stream (part, conv, pos, seq) VALUES (?, ?, ?, ?)");
    // Write time = the position: a replayed batch rewriting an older head never wins.
    insertHead =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.group_heads (part, conv, last_pos) VALUES (?, ?, ?) USING TIMESTAMP ?");
    insertWatermark =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.feed_watermarks (part, pos) VALUES (?, ?) USING TIMESTAMP ?");
    selectWatermark =
        LocalQuorum.prepare(session, keyspace, "SELECT pos FROM %s.feed_watermarks WHERE part = ?");
    selectUserGroups =
        LocalQuorum.prepare(
            session, keyspace, "SELECT conv, periods FROM %s.user_groups WHERE user_id = ?");
    selectHeads =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT conv, last_pos FROM %s.group_heads WHERE part = ? AND conv IN ?");
    selectStream =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT pos, seq FROM %s.group_stream WHERE part = ? AND conv = ? AND pos > ? AND pos <= ?"
                + " LIMIT ?");
    selectMessages =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT "
                + MessageRows.COLUMNS
                + " FROM %s.messages WHERE conv = ? AND bucket = ? AND seq >= ? AND seq <= ?");
  }

  public FeedPartitions partitions() {
    return partitions;
  }

  /**
   * Appends each user's entries (in increasing position) as one mutation of the user's partition,
   * which Cassandra applies atomically and in isolation: a reader never sees a later position of
   * this call without the earlier ones of the same user. Users travel together where their replicas
   * are the same ({@link ReplicaBatches}); the stage completes when all are written.
   */
  public CompletionStage<Void> append(Map<String, List<FeedEntry>> byUser) {
    ReplicaBatches.Round round = batches.round();
    try {
      byUser.forEach(
          (user, entries) -> {
            if (!entries.isEmpty()) {
              BoundStatement[] rows = new BoundStatement[entries.size()];
              for (int i = 0; i < rows.length; i++) {
                FeedEntry entry = entries.get(i);
                rows[i] = insert.bind(user, entry.pos(), json(entry.event()));
              }
              round.partition(rows);
            }
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return round.send();
  }

  /** A group event at position {@code pos} of feed partition {@code part}: message {@code seq}. */
  public record StreamEntry(int part, String conv, long pos, long seq) {}

  /**
   * Appends group events to their streams (one mutation per (partition, group)) and moves each
   * stream's head.
   */
  public CompletionStage<Void> appendStreams(List<StreamEntry> entries) {
    Map<String, List<StreamEntry>> byStream = new HashMap<>();
    for (StreamEntry e : entries) {
      byStream.computeIfAbsent(e.part() + "/" + e.conv(), k -> new ArrayList<>()).add(e);
    }
    ReplicaBatches.Round round = batches.round();
    for (List<StreamEntry> stream : byStream.values()) {
      BoundStatement[] rows = new BoundStatement[stream.size()];
      long last = 0;
      for (int i = 0; i < rows.length; i++) {
        StreamEntry e = stream.get(i);
        rows[i] = insertStream.bind(e.part(), e.conv(), e.pos(), e.seq());
        last = Math.max(last, e.pos());
      }
      StreamEntry first = stream.get(0);
      round.partition(rows);
      round.partition(insertHead.bind(first.part(), first.conv(), last, last));
    }
    return round.send();
  }

  /**
   * Marks every position up to {@code pos} of each partition as written: call once all of their
   * rows are acknowledged.
   */
  public CompletionStage<Void> markWritten(Map<Integer, Long> upTo) {
    ReplicaBatches.Round round = batches.round();
    upTo.forEach((part, pos) -> round.partition(insertWatermark.bind(part, pos, pos)));
    return round.send();
  }

  /**
   * The user's own feed after {@code after} merged, by position, with the streams of their groups
   * that moved since then (only those: {@code group_heads} holds each stream's last position), each
   * filtered to the seqs the user may see, all up to the partition's watermark. Cost: the
   * watermark, the user's feed slice, one {@code user_groups} partition read, one {@code
   * group_heads} read per 100 groups, one stream slice per group that moved, and one message slice
   * per group that has events to return.
   */
  @Override
  public List<FeedEntry> read(String userId, long after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    int part = partitions.of(userId);
    Long watermark = watermark(part);
    long upTo = watermark == null ? Long.MAX_VALUE : watermark;
    TreeMap<Long, ConversationEvent> page = new TreeMap<>();
    for (Row row : session.execute(selectAfter.bind(userId, after, upTo, limit))) {
      page.put(row.getLong("pos"), event(row.getString("event")));
    }
    if (watermark != null) {
      readGroups(userId, part, after, upTo, limit, page);
    }
    List<FeedEntry> out = new ArrayList<>(page.size());
    page.forEach((pos, event) -> out.add(new FeedEntry(pos, event)));
    return out;
  }

  private void readGroups(
      String userId,
      int part,
      long after,
      long upTo,
      int limit,
      TreeMap<Long, ConversationEvent> page) {
    Map<String, GroupMember> memberships = new HashMap<>();
    for (Row row : session.execute(selectUserGroups.bind(userId))) {
      String conv = row.getString("conv");
      memberships.put(
          conv, StoredGroup.member(userId, "member", row.getList("periods", Long.class)));
    }
    if (memberships.isEmpty()) {
      return;
    }
    List<String> moved = new ArrayList<>();
    List<String> convs = new ArrayList<>(memberships.keySet());
    for (int i = 0; i < convs.size(); i += HEADS_PER_QUERY) {
      List<String> chunk = convs.subList(i, Math.min(convs.size(), i + HEADS_PER_QUERY));
      for (Row row : session.execute(selectHeads.bind(part, chunk))) {
        if (row.getLong("last_pos") > after) {
          moved.add(row.getString("conv"));
        }
      }
    }
    // Per group: the positions and seqs of the events this user may see, lowest first.
    Map<String, TreeMap<Long, Long>> visible = new HashMap<>();
    for (String conv : moved) {
      GroupMember member = memberships.get(conv);
      MemberPeriod last = member.periods().get(member.periods().size() - 1);
      TreeMap<Long, Long> rows = new TreeMap<>();
      long from = after;
      boolean done = false;
      while (!done) {
        int read = 0;
        for (Row row : session.execute(selectStream.bind(part, conv, from, upTo, limit))) {
          read++;
          long pos = row.getLong("pos");
          long seq = row.getLong("seq");
          from = pos;
          if (!last.open() && seq > last.until()) {
            done = true; // stream rows follow the group's seq: nothing later is visible
            break;
          }
          if (member.canSee(seq)) {
            rows.put(pos, seq);
          }
        }
        done |=
            read < limit
                || rows.size() >= limit
                || (!page.isEmpty() && page.size() >= limit && from > page.lastKey());
      }
      if (!rows.isEmpty()) {
        visible.put(conv, rows);
      }
    }
    // Keep the lowest `limit` positions overall, then fetch only those messages.
    TreeMap<Long, String> owners = new TreeMap<>();
    visible.forEach((conv, rows) -> rows.keySet().forEach(pos -> owners.put(pos, conv)));
    for (Long pos : page.keySet()) {
      owners.put(pos, null);
    }
    while (owners.size() > limit) {
      owners.pollLastEntry();
    }
    page.keySet().retainAll(owners.keySet());
    Map<String, List<Long>> wanted = new HashMap<>();
    owners.forEach(
        (pos, conv) -> {
          if (conv != null) {
            wanted.computeIfAbsent(conv, c -> new ArrayList<>()).add(pos);
          }
        });
    wanted.forEach(
        (conv, positions) -> {
          TreeMap<Long, Long> rows = visible.get(conv);
          Map<Long, StoredMessage> bySeq = messages(conv, rows, positions);
          for (Long pos : positions) {
            StoredMessage m = bySeq.get(rows.get(pos));
            if (m != null) {
              page.put(pos, m);
            }
          }
        });
  }

  /** The messages at the seqs of {@code positions}: one slice per size bucket they span. */
  private Map<Long, StoredMessage> messages(
      String conv, TreeMap<Long, Long> rows, List<Long> positions) {
    ConversationId id = ConversationId.parse(conv).orElseThrow();
    long lo = Long.MAX_VALUE;
    long hi = 0;
    for (Long pos : positions) {
      long seq = rows.get(pos);
      lo = Math.min(lo, seq);
      hi = Math.max(hi, seq);
    }
    Map<Long, StoredMessage> bySeq = new HashMap<>();
    for (long bucket = SequencerTables.bucket(lo); bucket <= SequencerTables.bucket(hi); bucket++) {
      for (Row row : session.execute(selectMessages.bind(conv, bucket, lo, hi))) {
        StoredMessage m = MessageRows.message(id, row);
        bySeq.put(m.seq(), m);
      }
    }
    return bySeq;
  }

  private Long watermark(int part) {
    Row row = session.execute(selectWatermark.bind(part)).one();
    return row == null ? null : row.getLong("pos");
  }

  /**
   * The partition's watermark (every position of the user's feed at or below it is readable), or,
   * before the partition's first batch, the user's newest row.
   */
  @Override
  public long head(String userId) {
    Long watermark = watermark(partitions.of(userId));
    if (watermark != null) {
      return watermark;
    }
    Row row = session.execute(selectHead.bind(userId)).one();
    return row == null ? 0 : row.getLong("pos");
  }

  @Override
  public String epoch() {
    return epoch;
  }

  private static String json(ConversationEvent event) {
    try {
      return EVENT_WRITER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("feed event not serialisable: " + event, e);
    }
  }

  private static ConversationEvent event(String json) {
    try {
      return EVENT_READER.readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt feed event: " + json, e);
    }
  }
}
