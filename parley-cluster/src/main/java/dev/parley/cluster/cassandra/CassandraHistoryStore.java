package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.messaging.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * History and the conversation list from the sequencer's tables.
 *
 * <p>Only what the conversation's state covers is visible: reads stop at its {@code last_seq},
 * because message rows of a batch are written before the state that commits them. The state also
 * bounds the walk down the size buckets of {@code messages}, so a request "before {@code
 * Long.MAX_VALUE}" starts at the newest bucket instead of an empty, astronomically high one.
 */
public final class CassandraHistoryStore implements HistoryStore {
  private static final Base64.Encoder TOKEN_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final CqlSession session;
  private final PreparedStatement selectConversation;
  private final PreparedStatement selectBefore;
  private final PreparedStatement selectSendersAfter;
  private final PreparedStatement selectInbox;
  private final PreparedStatement selectUserGroups;

  public CassandraHistoryStore(CqlSession session, String keyspace) {
    this.session = session;
    selectConversation = LocalQuorum.prepare(session, keyspace, ConversationRows.SELECT);
    selectBefore =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT "
                + MessageRows.COLUMNS
                + " FROM %s.messages WHERE conv = ? AND bucket = ? AND seq <= ?"
                + " ORDER BY seq DESC LIMIT ?");
    selectSendersAfter =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT sender FROM %s.messages WHERE conv = ? AND bucket = ? AND seq > ? AND seq <= ?");
    selectInbox =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT activity, conv FROM %s.inbox WHERE user_id = ? AND activity <= ?");
    selectUserGroups =
        LocalQuorum.prepare(session, keyspace, "SELECT conv FROM %s.user_groups WHERE user_id = ?");
  }

  @Override
  public List<StoredMessage> messagesBefore(ConversationId conv, long beforeSeq, int limit) {
    if (beforeSeq <= 1 || limit <= 0) {
      return List.of();
    }
    long lastSeq = lastSeq(conv);
    long top = Math.min(beforeSeq - 1, lastSeq);
    List<StoredMessage> newestFirst = new ArrayList<>(limit);
    // Buckets are contiguous in cluster mode; an empty one (a skipped sequence range) is just
    // passed over.
    for (long bucket = SequencerTables.bucket(top);
        bucket >= 0 && top >= 1 && newestFirst.size() < limit;
        bucket--) {
      for (Row row :
          session.execute(
              selectBefore.bind(conv.value(), bucket, top, limit - newestFirst.size()))) {
        newestFirst.add(MessageRows.message(conv, row));
      }
      top = bucket * SequencerTables.BUCKET_SIZE - 1;
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  @Override
  public Optional<ConversationState> conversation(ConversationId conv) {
    return Optional.ofNullable(session.execute(selectConversation.bind(conv.value())).one())
        .map(row -> ConversationRows.state(conv, row));
  }

  /**
   * The user's 1:1 conversations (inbox rows, moved on every message) merged with their groups,
   * ordered by each group's last activity from its conversation row: a group message moves no
   * per-member row. Costs one inbox slice, one {@code user_groups} read and one conversation read
   * per group of the user (concurrent).
   */
  @Override
  public RecentPage recent(String userId, String pageToken, int limit) {
    if (limit <= 0) {
      return new RecentPage(List.of(), pageToken);
    }
    InboxPosition after = pageToken == null ? null : InboxPosition.decode(pageToken);
    long from = after == null ? Long.MAX_VALUE : after.activity();
    List<InboxPosition> candidates = new ArrayList<>(limit + 1);
    // Activity stamps have no ties, but the token does not rely on it: rows of the token's activity
    // up to its conversation are skipped, and the driver fetches another page if that left too few.
    for (Row row : session.execute(selectInbox.bind(userId, from).setPageSize(limit + 2))) {
      InboxPosition position = new InboxPosition(row.getLong("activity"), row.getString("conv"));
      if (after == null || after.before(position)) {
        candidates.add(position);
        if (candidates.size() > limit) {
          break;
        }
      }
    }
    List<CompletableFuture<InboxPosition>> groups = new ArrayList<>();
    for (Row row : session.execute(selectUserGroups.bind(userId))) {
      String conv = row.getString("conv");
      groups.add(
          session
              .executeAsync(selectConversation.bind(conv))
              .thenApply(
                  rs -> {
                    Row state = rs.one();
                    return state == null
                        ? null
                        : new InboxPosition(state.getLong("last_activity"), conv);
                  })
              .toCompletableFuture());
    }
    for (CompletableFuture<InboxPosition> g : groups) {
      InboxPosition position = g.join();
      if (position != null && (after == null || after.before(position))) {
        candidates.add(position);
      }
    }
    candidates.sort(
        Comparator.comparingLong(InboxPosition::activity)
            .reversed()
            .thenComparing(InboxPosition::conv));
    List<ConversationId> out = new ArrayList<>(limit);
    for (InboxPosition p : candidates.subList(0, Math.min(limit, candidates.size()))) {
      ConversationId.parse(p.conv()).ifPresent(out::add);
    }
    boolean more = candidates.size() > limit;
    return new RecentPage(out, more ? candidates.get(limit - 1).encode() : null);
  }

  @Override
  public int countFromOthersAfter(ConversationId conv, String userId, long afterSeq, int cap) {
    long lastSeq = lastSeq(conv);
    int count = 0;
    long from = Math.max(afterSeq, 0);
    for (long bucket = SequencerTables.bucket(from + 1); from < lastSeq && count < cap; bucket++) {
      for (Row row :
          session.execute(selectSendersAfter.bind(conv.value(), bucket, from, lastSeq))) {
        if (!row.getString("sender").equals(userId) && ++count == cap) {
          break;
        }
      }
      from = (bucket + 1) * SequencerTables.BUCKET_SIZE - 1;
    }
    return count;
  }

  private long lastSeq(ConversationId conv) {
    Row row = session.execute(selectConversation.bind(conv.value())).one();
    return row == null ? 0 : row.getLong("last_seq");
  }

  /** Where a page of the inbox ended; the page token is its opaque encoding. */
  private record InboxPosition(long activity, String conv) {
    /** Whether {@code p} comes after this position in the list (older, or a later conv). */
    boolean before(InboxPosition p) {
      return p.activity() < activity || (p.activity() == activity && p.conv().compareTo(conv) > 0);
    }

    String encode() {
      return TOKEN_ENCODER.encodeToString((activity + ":" + conv).getBytes(StandardCharsets.UTF_8));
    }

    static InboxPosition decode(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return new InboxPosition(
            Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new MessagingException(
            MessagingException.Reason.INVALID_REQUEST,
            "'before' is not a page token from this server");
      }
    }
  }
}
