package dev.parley.client.store;

import dev.parley.client.Conversation;
import dev.parley.client.Message;
import dev.parley.client.group.Group;
import dev.parley.client.group.GroupInfoPage;
import dev.parley.client.group.GroupMember;
import dev.parley.client.group.MembershipChange;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The groups this device knows, in the {@code groups} and {@code group_members} tables of its
 * {@link LocalStore} (whose lock and transactions it shares): titles, sizes and members as
 * received, and the group-wide receipt positions.
 *
 * <p>The feed is the authority, applied in order: {@code groups.at} is the seq of the newest
 * membership change applied, so a change redelivered after a reconnect is applied (and reported)
 * once. Each member row keeps the seq of the change that last touched it ({@code at}), so a {@code
 * group_info} reply that was read before a removal the feed already applied cannot bring the
 * removed member back. Replies ({@code group_info}, the conversation list) otherwise overwrite what
 * they carry: they are the newest word of the server.
 */
public final class LocalGroups {
  private final LocalStore store;
  private final Sql sql;

  LocalGroups(LocalStore store, Sql sql) {
    this.store = store;
    this.sql = sql;
  }

  /**
   * Applies a group's system message from the feed as seen by user {@code me}; returns false (and
   * changes nothing) when that change or a later one was already applied.
   */
  public boolean apply(Message message, String me) {
    MembershipChange change = message.membershipChange();
    String conv = change.conv();
    long seq = change.seq();
    return store.transaction(
        () -> {
          ensureRow(conv);
          long at = sql.number("SELECT at FROM groups WHERE conv = ?", conv);
          if (at >= seq) {
            return false;
          }
          sql.update("UPDATE groups SET at = ? WHERE conv = ?", seq, conv);
          Set<String> users = new LinkedHashSet<>(change.users());
          switch (change.action()) {
            case CREATED -> {
              users.remove(change.actor());
              join(conv, change.actor(), true, seq);
              users.forEach(user -> join(conv, user, false, seq));
              sql.update(
                  "UPDATE groups SET title = ?, size = ? WHERE conv = ?",
                  change.title(),
                  users.size() + 1,
                  conv);
              if (change.actor().equals(me) || users.contains(me)) {
                setMember(conv, true);
              }
            }
            case ADDED -> {
              users.forEach(user -> join(conv, user, false, seq));
              resize(conv, users.size());
              if (users.contains(me)) {
                setMember(conv, true);
              }
            }
            case REMOVED, LEFT -> {
              users.forEach(user -> part(conv, user, seq));
              resize(conv, -users.size());
              if (change.promoted() != null) {
                setAdmin(conv, change.promoted(), true, seq);
              }
              if (users.contains(me)) {
                setMember(conv, false);
              }
            }
            case PROMOTED, DEMOTED ->
                users.forEach(
                    user ->
                        setAdmin(
                            conv, user, change.action() == MembershipChange.Action.PROMOTED, seq));
            case RENAMED ->
                sql.update("UPDATE groups SET title = ? WHERE conv = ?", change.title(), conv);
            case OTHER -> {
              // A newer server's action: nothing this version knows how to apply.
            }
          }
          return true;
        });
  }

  /** Records a {@code group_info} page: title, size, and its members with their handles. */
  public void putInfo(GroupInfoPage info) {
    store.transaction(
        () -> {
          ensureRow(info.conv());
          sql.update(
              "UPDATE groups SET title = ?, size = ? WHERE conv = ?",
              info.title(),
              info.size(),
              info.conv());
          for (GroupMember m : info.members()) {
            // A row removed at or after this member's join is newer than this reply: keep it.
            sql.update(
                "INSERT INTO group_members(conv, user, admin, since, current, at)"
                    + " VALUES(?, ?, ?, ?, 1, ?) ON CONFLICT(conv, user) DO UPDATE SET"
                    + " admin = excluded.admin, since = excluded.since, current = 1,"
                    + " at = MAX(group_members.at, excluded.at)"
                    + " WHERE group_members.current = 1 OR group_members.at < excluded.since",
                info.conv(),
                m.userId(),
                m.admin() ? 1 : 0,
                m.since(),
                m.since());
            if (m.handle() != null) {
              store.putHandle(m.userId(), m.handle());
            }
          }
          return null;
        });
  }

  /**
   * Records a group row of the conversation list. Whether this user is still a member is taken only
   * for a group seen here for the first time: afterwards the feed says it, in order.
   */
  public void putSummary(String conv, Conversation.GroupSummary group) {
    store.transaction(
        () -> {
          sql.update(
              "INSERT INTO groups(conv, member) VALUES(?, ?) ON CONFLICT(conv) DO NOTHING",
              conv,
              group.member() ? 1 : 0);
          sql.update(
              "UPDATE groups SET title = ?, size = ? WHERE conv = ?",
              group.title(),
              group.size(),
              conv);
          return null;
        });
  }

  /** Moves the group-wide positions forward to at least {@code reported}; returns those before. */
  public Positions advancePositions(String conv, Positions reported) {
    return store.transaction(
        () -> {
          ensureRow(conv);
          Positions before = positions(conv);
          Positions after = before.max(reported);
          sql.update(
              "UPDATE groups SET delivered = ?, read = ? WHERE conv = ?",
              after.delivered(),
              after.read(),
              conv);
          return before;
        });
  }

  /** The group-wide positions of {@code conv}; none for a 1:1 conversation. */
  public Positions positions(String conv) {
    synchronized (store) {
      return sql.one(
              "SELECT delivered, read FROM groups WHERE conv = ?",
              rs -> new Positions(rs.getLong(1), rs.getLong(2)),
              conv)
          .orElse(Positions.NONE);
    }
  }

  /** What this device knows of group {@code conv}; empty if nothing. */
  public Optional<Group> group(String conv) {
    synchronized (store) {
      return sql.one(
          "SELECT title, size, member, delivered, read FROM groups WHERE conv = ?",
          rs ->
              new Group(
                  conv,
                  rs.getString(1),
                  rs.getInt(2),
                  rs.getInt(3) == 1,
                  rs.getLong(4),
                  rs.getLong(5)),
          conv);
    }
  }

  /** False only for a group this user is known to have left or been removed from. */
  public boolean isMember(String conv) {
    synchronized (store) {
      return sql.one("SELECT member FROM groups WHERE conv = ?", rs -> rs.getInt(1), conv)
          .map(member -> member == 1)
          .orElse(true);
    }
  }

  /** The current members of {@code conv} as known here, by user id; handles where known. */
  public List<GroupMember> members(String conv) {
    synchronized (store) {
      return sql.list(
          "SELECT m.user, u.handle, m.admin, m.since FROM group_members m"
              + " LEFT JOIN users u ON u.user = m.user"
              + " WHERE m.conv = ? AND m.current = 1 ORDER BY m.user",
          rs -> new GroupMember(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getLong(4)),
          conv);
    }
  }

  private void ensureRow(String conv) {
    sql.update("INSERT INTO groups(conv) VALUES(?) ON CONFLICT(conv) DO NOTHING", conv);
  }

  private void setMember(String conv, boolean member) {
    sql.update("UPDATE groups SET member = ? WHERE conv = ?", member ? 1 : 0, conv);
  }

  private void resize(String conv, int delta) {
    // An unknown size (-1) stays unknown until a reply says it.
    sql.update("UPDATE groups SET size = size + ? WHERE conv = ? AND size >= 0", delta, conv);
  }

  private void join(String conv, String user, boolean admin, long seq) {
    sql.update(
        "INSERT INTO group_members(conv, user, admin, since, current, at) VALUES(?, ?, ?, ?, 1, ?)"
            + " ON CONFLICT(conv, user) DO UPDATE SET admin = excluded.admin,"
            + " since = excluded.since, current = 1, at = excluded.at"
            + " WHERE group_members.at < excluded.at",
        conv,
        user,
        admin ? 1 : 0,
        seq,
        seq);
  }

  private void part(String conv, String user, long seq) {
    // Kept as a row (current 0) so a stale group_info reply cannot bring the user back.
    sql.update(
        "INSERT INTO group_members(conv, user, admin, since, current, at) VALUES(?, ?, 0, 0, 0, ?)"
            + " ON CONFLICT(conv, user) DO UPDATE SET admin = 0, current = 0, at = excluded.at"
            + " WHERE group_members.at < excluded.at",
        conv,
        user,
        seq);
  }

  private void setAdmin(String conv, String user, boolean admin, long seq) {
    // A member who joined before this device did has no row yet: since unknown (0).
    sql.update(
        "INSERT INTO group_members(conv, user, admin, since, current, at) VALUES(?, ?, ?, 0, 1, ?)"
            + " ON CONFLICT(conv, user) DO UPDATE SET admin = excluded.admin, at = excluded.at"
            + " WHERE group_members.at < excluded.at AND group_members.current = 1",
        conv,
        user,
        admin ? 1 : 0,
        seq);
  }
}
