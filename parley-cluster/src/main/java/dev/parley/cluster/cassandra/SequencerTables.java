package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.cluster.EventJson;
import dev.parley.cluster.cassandra.SequencedWrite.ConversationWrite;
import dev.parley.cluster.cassandra.SequencedWrite.GroupWrite;
import dev.parley.cluster.cassandra.SequencedWrite.MessageWrite;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.MembershipChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The sequencer's tables: {@code messages}, {@code idempotency}, {@code conversations} and {@code
 * inbox} (layout in the package doc). Only the sequencer writes them.
 *
 * <p><b>Write timestamps are log offsets.</b> Every row a command produces is written {@code USING
 * TIMESTAMP offset + 1}, the offset of that command in the conversation log. Cassandra keeps the
 * cell with the highest write timestamp, so a replay, or a zombie sequencer that lost its partition
 * and still writes an older state, can never overwrite what a later command wrote, whatever order
 * the writes arrive in. (The +1 keeps offset 0 clear of the timestamp-0 corner.) Nothing else may
 * write these tables with wall-clock timestamps, and the keyspace must be rebuilt if the log is
 * (offsets would restart at 0).
 */
public final class SequencerTables {
  /** Messages per {@code messages} partition: {@code bucket = seq / BUCKET_SIZE}. */
  public static final long BUCKET_SIZE = 1000;

  private final CqlSession session;
  private final ReplicaBatches batches;
  private final PreparedStatement selectConversation;
  private final PreparedStatement selectKey;
  private final PreparedStatement insertMessage;
  private final PreparedStatement insertKey;
  private final PreparedStatement insertConversation;
  private final PreparedStatement deleteInbox;
  private final PreparedStatement insertInbox;
  private final PreparedStatement insertSystemMessage;
  private final PreparedStatement insertGroupHeader;
  private final PreparedStatement insertGroupMember;
  private final PreparedStatement insertUserGroup;
  private final PreparedStatement selectSenders;
  private final PreparedStatement selectMessage;
  private final PreparedStatement selectKeys;
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(EventJson.module());

  public SequencerTables(CqlSession session, String keyspace) {
    this.session = session;
    this.batches = new ReplicaBatches(session, keyspace);
    selectConversation = LocalQuorum.prepare(session, keyspace, ConversationRows.SELECT);
    selectKey =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT seq, ts, log_offset FROM %s.idempotency WHERE conv = ? AND sender = ? AND id = ?");
    insertMessage =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.messages (conv, bucket, seq, id, sender, device, ts, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " USING TIMESTAMP ?");
    insertKey =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.idempotency (conv, sender, id, seq, ts, log_offset) VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    insertConversation =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.conversations (conv, last_seq, last_ts, last_activity, delivered, read, applied_offset)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    deleteInbox =
        LocalQuorum.prepare(
            session,
            keyspace,
            "DELETE FROM %s.inbox USING TIMESTAMP ? WHERE user_id = ? AND activity = ? AND conv = ?");
    insertInbox =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.inbox (user_id, activity, conv) VALUES (?, ?, ?) USING TIMESTAMP ?");
    insertSystemMessage =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.messages (conv, bucket, seq, id, sender, device, ts, body, system)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    insertGroupHeader =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.group_members (conv, title, creator, created_ts, size, all_delivered,"
                + " all_read, last_seq, last_ts, last_activity, applied_offset)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    insertGroupMember =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.group_members (conv, user_id, role, periods, delivered, read)"
                + " VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    insertUserGroup =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.user_groups (user_id, conv, periods) VALUES (?, ?, ?) USING TIMESTAMP ?");
    selectSenders =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT seq, sender FROM %s.messages WHERE conv = ? AND bucket = ? AND seq > ? AND seq <= ?"
                + " ORDER BY seq DESC");
    selectMessage =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT seq, id, sender, device, ts, body, system FROM %s.messages"
                + " WHERE conv = ? AND bucket = ? AND seq = ?");
    // The write time of a message row is its command's offset + 1 (see the class doc), so the rows
    // give whole idempotency keys.
    selectKeys =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT seq, id, sender, ts, WRITETIME(sender) AS written FROM %s.messages"
                + " WHERE conv = ? AND bucket = ? AND seq > ? AND seq <= ?");
  }

  static long bucket(long seq) {
    return seq / BUCKET_SIZE;
  }

  /** The conversation's last written state, empty if it has none. */
  public CompletionStage<Optional<StoredConversation>> loadConversation(ConversationId conv) {
    return session
        .executeAsync(selectConversation.bind(conv.value()))
        .thenApply(
            rs ->
                Optional.ofNullable(rs.one())
                    .map(
                        row ->
                            new StoredConversation(
                                ConversationRows.state(conv, row),
                                ConversationRows.appliedOffset(row))));
  }

  /**
   * What the idempotency key {@code (conv, sender, id)} was given, empty if it was never written.
   */
  public CompletionStage<Optional<StoredKey>> idempotency(
      ConversationId conv, String sender, UUID id) {
    return session
        .executeAsync(selectKey.bind(conv.value(), sender, id))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(SequencerTables::key));
  }

  /**
   * Writes one sequencer batch: first every message and idempotency row, then, once all of those
   * are acknowledged, every conversation state and inbox row. A reader that sees a state with
   * applied offset {@code k} can therefore find every message and key of offsets up to {@code k}.
   * Each phase is one round of {@link ReplicaBatches}. A failed future may have written any part of
   * the batch; writing it again is safe.
   */
  public CompletionStage<Void> write(List<SequencedWrite> writes) {
    ReplicaBatches.Round messages = batches.round();
    ReplicaBatches.Round conversations = batches.round();
    try {
      for (SequencedWrite w : writes) {
        if (w instanceof MessageWrite m) {
          addMessage(messages, m);
        } else if (w instanceof ConversationWrite c) {
          addConversation(conversations, c);
        } else if (w instanceof GroupWrite g) {
          addGroup(conversations, g);
        }
      }
    } catch (RuntimeException e) { // a message id that is not a UUID: nothing is written
      return CompletableFuture.failedFuture(e);
    }
    return messages.send().thenCompose(done -> conversations.send());
  }

  private void addMessage(ReplicaBatches.Round out, MessageWrite w) {
    StoredMessage m = w.message();
    long timestamp = w.offset() + 1;
    out.partition(
        m.change() == null
            ? insertMessage.bind(
                m.conv(),
                bucket(m.seq()),
                m.seq(),
                m.id(),
                m.from(),
                m.device(),
                m.ts(),
                m.body(),
                timestamp)
            : insertSystemMessage.bind(
                m.conv(),
                bucket(m.seq()),
                m.seq(),
                m.id(),
                m.from(),
                m.device(),
                m.ts(),
                m.body(),
                systemJson(m.change()),
                timestamp));
    out.partition(
        insertKey.bind(
            m.conv(), m.from(), UUID.fromString(m.id()), m.seq(), m.ts(), w.offset(), timestamp));
  }

  private void addConversation(ReplicaBatches.Round out, ConversationWrite w) {
    ConversationState s = w.state();
    String conv = s.id().value();
    long timestamp = w.offset() + 1;
    out.partition(
        insertConversation.bind(
            conv,
            s.lastSeq(),
            s.lastTs(),
            s.lastActivity(),
            ConversationRows.delivered(s),
            ConversationRows.read(s),
            w.offset(),
            timestamp));
    if (w.previousActivity() == s.lastActivity()) {
      // A receipt: the conversation keeps its place. (Deleting and inserting one row at one
      // timestamp would delete it: the tombstone wins the tie.)
      return;
    }
    for (String member : s.id().members()) {
      // One partition per member, its rows in one mutation: the move is atomic, a reader never
      // sees the conversation twice or not at all.
      BoundStatement insert = insertInbox.bind(member, s.lastActivity(), conv, timestamp);
      if (w.previousActivity() != 0) {
        out.partition(deleteInbox.bind(timestamp, member, w.previousActivity(), conv), insert);
      } else {
        out.partition(insert);
      }
    }
  }

  /**
   * A group's rows of the batch as one single-partition batch (atomic and isolated: a sequencer
   * loading the group sees the roster and the applied offset of one moment), then the changed
   * {@code user_groups} rows.
   */
  private void addGroup(ReplicaBatches.Round out, GroupWrite w) {
    long timestamp = w.offset() + 1;
    StoredGroup.Header h = w.header();
    var batch = LocalQuorum.batch(BatchType.UNLOGGED);
    batch.addStatement(
        insertGroupHeader.bind(
            w.conv(),
            h.title(),
            h.creator(),
            h.createdTs(),
            h.size(),
            h.allDelivered(),
            h.allRead(),
            h.lastSeq(),
            h.lastTs(),
            h.lastActivity(),
            h.appliedOffset(),
            timestamp));
    for (StoredGroup.Member m : w.rows()) {
      batch.addStatement(
          insertGroupMember.bind(
              w.conv(),
              m.member().user(),
              StoredGroup.role(m.member()),
              StoredGroup.periods(m.member()),
              m.position().delivered(),
              m.position().read(),
              timestamp));
    }
    // Alone: a roster of thousands of members is over any multi-partition batch's size limit,
    // and a single-partition batch has none.
    out.alone(batch.build());
    for (var m : w.memberships()) {
      out.partition(insertUserGroup.bind(m.user(), w.conv(), StoredGroup.periods(m), timestamp));
    }
  }

  /**
   * The keys of every message of {@code conv} with {@code after < seq <= upTo}, in seq order. Only
   * a range the conversation's stored state covers is complete: every message up to its last seq
   * was written before it.
   */
  public CompletionStage<List<MessageKey>> keysBetween(ConversationId conv, long after, long upTo) {
    List<CompletableFuture<List<MessageKey>>> buckets = new ArrayList<>();
    for (long bucket = bucket(after + 1); bucket <= bucket(upTo); bucket++) {
      buckets.add(
          session
              .executeAsync(selectKeys.bind(conv.value(), bucket, after, upTo))
              .thenApply(SequencerTables::keys)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(buckets.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<MessageKey> all = new ArrayList<>();
              buckets.forEach(b -> all.addAll(b.join()));
              return all;
            });
  }

  private static List<MessageKey> keys(AsyncResultSet page) {
    // At most RecentKeys' capacity rows are asked for: one page.
    List<MessageKey> keys = new ArrayList<>();
    for (Row row : page.currentPage()) {
      keys.add(
          new MessageKey(
              row.getString("sender"),
              UUID.fromString(row.getString("id")),
              new StoredKey(row.getLong("seq"), row.getLong("ts"), row.getLong("written") - 1)));
    }
    if (page.hasMorePages()) {
      throw new IllegalStateException("more keys than one page");
    }
    return keys;
  }

  /**
   * The distinct senders of the messages in {@code (after, upTo]} of {@code conv}, newest first,
   * reading at most {@code max} messages.
   */
  public List<String> sendersBetween(ConversationId conv, long after, long upTo, int max) {
    LinkedHashSet<String> senders = new LinkedHashSet<>();
    int seen = 0;
    for (long bucket = bucket(upTo); bucket >= bucket(after + 1) && seen < max; bucket--) {
      for (Row row : session.execute(selectSenders.bind(conv.value(), bucket, after, upTo))) {
        senders.add(row.getString("sender"));
        if (++seen == max) {
          break;
        }
      }
    }
    return new ArrayList<>(senders);
  }

  /** One stored message, if it exists. */
  public Optional<StoredMessage> message(ConversationId conv, long seq) {
    return Optional.ofNullable(
            session.execute(selectMessage.bind(conv.value(), bucket(seq), seq)).one())
        .map(row -> MessageRows.message(conv, row));
  }

  private static String systemJson(MembershipChange system) {
    try {
      return JSON.writeValueAsString(system);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("membership change not serialisable", e);
    }
  }

  private static StoredKey key(Row row) {
    return new StoredKey(row.getLong("seq"), row.getLong("ts"), row.getLong("log_offset"));
  }
}
