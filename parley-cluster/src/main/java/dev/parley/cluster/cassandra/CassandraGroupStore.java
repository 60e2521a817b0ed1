package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.GroupStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Groups from the sequencer's tables: {@code group_members} (header in static columns, a row per
 * member ever, with receipt positions) and {@code user_groups} (a user's groups with their
 * membership periods). What the partition owner committed; it may lag the owner by the batch in
 * flight.
 */
public final class CassandraGroupStore implements GroupStore {
  private static final String HEADER =
      "title, creator, created_ts, size, all_delivered, all_read, last_seq, last_ts, last_activity,"
          + " applied_offset";

  private final CqlSession session;
  private final PreparedStatement selectAll;
  private final PreparedStatement selectHeader;
  private final PreparedStatement selectMember;
  private final PreparedStatement selectMembersAfter;
  private final PreparedStatement selectUserGroups;

  public CassandraGroupStore(CqlSession session, String keyspace) {
    this.session = session;
    selectAll =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT user_id, role, periods, delivered, read, "
                + HEADER
                + " FROM %s.group_members WHERE conv = ?");
    selectHeader =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT " + HEADER + " FROM %s.group_members WHERE conv = ? LIMIT 1");
    selectMember =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT user_id, role, periods, delivered, read FROM %s.group_members"
                + " WHERE conv = ? AND user_id = ?");
    selectMembersAfter =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT user_id, role, periods, delivered, read FROM %s.group_members"
                + " WHERE conv = ? AND user_id > ?");
    selectUserGroups =
        LocalQuorum.prepare(
            session, keyspace, "SELECT conv, periods FROM %s.user_groups WHERE user_id = ?");
  }

  /** The whole group as stored, for its sequencer; empty if it was never created. */
  public Optional<StoredGroup> load(ConversationId conv) {
    StoredGroup.Header header = null;
    List<StoredGroup.Member> members = new ArrayList<>();
    for (Row row : session.execute(selectAll.bind(conv.value()))) {
      if (header == null) {
        header = header(row);
      }
      if (!row.isNull("role")) {
        members.add(member(row));
      }
    }
    return header == null ? Optional.empty() : Optional.of(new StoredGroup(header, members));
  }

  /** The stored header, if the group exists. */
  public Optional<StoredGroup.Header> storedHeader(ConversationId conv) {
    Row row = session.execute(selectHeader.bind(conv.value())).one();
    return row == null || row.isNull("creator") ? Optional.empty() : Optional.of(header(row));
  }

  @Override
  public Optional<GroupHeader> header(ConversationId conv) {
    return storedHeader(conv)
        .map(h -> new GroupHeader(h.title(), h.size(), h.allDelivered(), h.allRead()));
  }

  /** Whether the user is a current member of the group (one row, read asynchronously). */
  public CompletionStage<Boolean> isMember(ConversationId conv, String user) {
    return session
        .executeAsync(selectMember.bind(conv.value(), user))
        .thenApply(
            page -> {
              Row row = page.one();
              return row != null && !row.isNull("role") && member(row).member().current();
            });
  }

  @Override
  public Optional<GroupMember> member(ConversationId conv, String user) {
    Row row = session.execute(selectMember.bind(conv.value(), user)).one();
    return row == null || row.isNull("role") ? Optional.empty() : Optional.of(member(row).member());
  }

  @Override
  public List<GroupMember> members(ConversationId conv, String afterUser, int limit) {
    List<GroupMember> page = new ArrayList<>(Math.min(limit, 1_024));
    // Past members are skipped here, so the driver may fetch a few pages for one of ours.
    for (Row row :
        session.execute(
            selectMembersAfter
                .bind(conv.value(), afterUser == null ? "" : afterUser)
                .setPageSize(Math.min(limit + 16, 5_000)))) {
      if (row.isNull("role")) {
        continue;
      }
      GroupMember m = member(row).member();
      if (m.current()) {
        page.add(m);
        if (page.size() == limit) {
          break;
        }
      }
    }
    return page;
  }

  @Override
  public ReceiptPosition position(ConversationId conv, String user) {
    Row row = session.execute(selectMember.bind(conv.value(), user)).one();
    return row == null || row.isNull("role") ? ReceiptPosition.NONE : member(row).position();
  }

  @Override
  public List<ConversationId> groupsOf(String user) {
    return new ArrayList<>(membershipsOf(user).keySet());
  }

  /** Every group the user is or was in, with their membership there: one partition read. */
  public Map<ConversationId, GroupMember> membershipsOf(String user) {
    Map<ConversationId, GroupMember> out = new LinkedHashMap<>();
    for (Row row : session.execute(selectUserGroups.bind(user))) {
      ConversationId.parse(row.getString("conv"))
          .ifPresent(
              conv ->
                  out.put(
                      conv,
                      StoredGroup.member(user, "member", row.getList("periods", Long.class))));
    }
    return out;
  }

  /**
   * The groups the user is a current member of (one partition, read asynchronously: a session
   * attaching needs them to be routed).
   */
  public CompletionStage<List<String>> currentGroupsOf(String user) {
    List<String> out = new ArrayList<>();
    return session
        .executeAsync(selectUserGroups.bind(user))
        .thenCompose(page -> collect(page, user, out));
  }

  private static CompletionStage<List<String>> collect(
      AsyncResultSet page, String user, List<String> out) {
    for (Row row : page.currentPage()) {
      if (StoredGroup.member(user, "member", row.getList("periods", Long.class)).current()) {
        out.add(row.getString("conv"));
      }
    }
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> collect(next, user, out))
        : CompletableFuture.completedFuture(out);
  }

  private static StoredGroup.Header header(Row row) {
    return new StoredGroup.Header(
        row.getString("title"),
        row.getString("creator"),
        row.getLong("created_ts"),
        row.getInt("size"),
        row.getLong("all_delivered"),
        row.getLong("all_read"),
        row.getLong("last_seq"),
        row.getLong("last_ts"),
        row.getLong("last_activity"),
        row.getLong("applied_offset"));
  }

  private static StoredGroup.Member member(Row row) {
    return new StoredGroup.Member(
        StoredGroup.member(
            row.getString("user_id"), row.getString("role"), row.getList("periods", Long.class)),
        new ReceiptPosition(row.getLong("delivered"), row.getLong("read")));
  }
}
