package dev.parley.client.store;

import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.UserRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client's SQLite file: outbox ({@link LocalOutbox}), feed cursor, local copy of messages,
 * receipt positions, conversations and groups ({@link LocalGroups}). One connection, every method
 * (of those two parts too) synchronized on this object, so callers on any thread see one consistent
 * store; {@link #transaction} groups several calls atomically (a feed frame and its cursor).
 *
 * <p>Durability: WAL journal with {@code synchronous=NORMAL}, so a committed row survives the
 * client process being killed (what the outbox promises); a power loss may lose the last commits.
 *
 * <p>Schema (version {@value Schema#VERSION}; {@link Schema} migrates older files when they are
 * opened):
 *
 * <pre>
 * meta(key PK, value)                      -- 'cursor', 'userId', 'handle', 'deviceId'
 * outbox(ord INTEGER PK AUTOINCREMENT,     -- composition order
 *        id UNIQUE, conv, body, created_at,
 *        state 'pending'|'sent'|'failed', seq, ts, error,
 *        after_seq)                        -- highest seq of conv known when composed (the send's after)
 * messages(conv, seq, id, sender, device, ts, body,
 *          system,                         -- a group's membership change as JSON (see below), else null
 *          PK(conv, seq))                  -- every message known, any sender
 * positions(conv, user, delivered, read, PK(conv, user))             -- receipt positions, only move up
 * conversations(conv PK, peer_user, peer_handle)                     -- 1:1 conversations
 * groups(conv PK, title, size, member,     -- size -1: unknown; member 0 once this user left or was removed
 *        at,                               -- seq of the newest membership change applied
 *        delivered, read)                  -- group-wide receipt positions (group_receipt)
 * group_members(conv, user, admin, since, current, at, PK(conv, user))
 *                                          -- current 0: removed or left (kept so stale replies cannot undo it);
 *                                          -- at: seq of the change that last touched the row
 * users(user PK, handle)                   -- handles seen in replies
 * </pre>
 *
 * <p>{@code messages.system} holds a membership change as JSON in the shape of the protocol's
 * {@code system} object; {@link MessageRows} writes and reads it and documents it exactly.
 */
public final class LocalStore implements AutoCloseable {
  private final Connection db;
  private final Sql sql;
  private final LocalOutbox outbox;
  private final LocalGroups groups;

  private LocalStore(Connection db) {
    this.db = db;
    this.sql = new Sql(db);
    this.outbox = new LocalOutbox(this, sql);
    this.groups = new LocalGroups(this, sql);
  }

  /** Opens (creating if needed) the store in {@code file}. */
  public static LocalStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA busy_timeout=5000");
      }
      Schema.migrate(db);
      return new LocalStore(db);
    } catch (SQLException | IOException e) {
      throw new StoreException("cannot open the client store " + file, e);
    }
  }

  /** Runs {@code work} in one SQLite transaction; nested calls join the outer one. */
  public synchronized <T> T transaction(Supplier<T> work) {
    try {
      if (!db.getAutoCommit()) {
        return work.get();
      }
      db.setAutoCommit(false);
      try {
        T result = work.get();
        db.commit();
        return result;
      } catch (RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("transaction failed", e);
    }
  }

  // ---- meta: cursor and identity ----

  public synchronized Optional<String> meta(String key) {
    return sql.one("SELECT value FROM meta WHERE key = ?", rs -> rs.getString(1), key);
  }

  public synchronized void putMeta(String key, String value) {
    sql.update(
        "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        key,
        value);
  }

  /** The feed cursor stored after the last processed feed frame, if any. */
  public Optional<String> cursor() {
    return meta("cursor");
  }

  public void setCursor(String cursor) {
    putMeta("cursor", cursor);
  }

  /** Who this store belongs to, once a {@code welcome} was recorded. */
  public synchronized Optional<Identity> identity() {
    return meta("userId")
        .map(user -> new Identity(user, meta("handle").orElse(""), meta("deviceId").orElse("")));
  }

  public synchronized void setIdentity(Identity identity) {
    transaction(
        () -> {
          putMeta("userId", identity.userId());
          putMeta("handle", identity.handle());
          putMeta("deviceId", identity.deviceId());
          return null;
        });
  }

  /**
   * The status of a message this user sent, by key: from the outbox state, then from the highest
   * positions another member of the conversation reached. Empty if the key is unknown here.
   */
  public synchronized Optional<MessageStatus> status(String id) {
    return outbox
        .status(id)
        .or(
            () -> {
              // A message this user sent from another device.
              String me = identity().map(Identity::userId).orElse("");
              return sql.one(
                      MessageRows.SELECT + " WHERE id = ? AND sender = ?",
                      MessageRows::read,
                      id,
                      me)
                  .map(m -> statusOf(m.conv(), m.seq()));
            });
  }

  /**
   * The status of a stored message of this user at {@code seq}, from the other members' positions:
   * the peer's in a 1:1 conversation, the group-wide ones in a group (only one kind exists for a
   * conversation, so the higher of the two is the one that does).
   */
  public synchronized MessageStatus statusOf(String conv, long seq) {
    Positions others = othersPositions(conv).max(groups.positions(conv));
    if (others.read() >= seq) {
      return MessageStatus.READ;
    }
    return others.delivered() >= seq ? MessageStatus.DELIVERED : MessageStatus.SENT;
  }

  // ---- messages ----

  /** Stores a message; false if one with the same conv + seq was already there (a redelivery). */
  public synchronized boolean insertMessage(Message m) {
    return sql.update(
            "INSERT OR IGNORE INTO messages(conv, seq, id, sender, device, ts, body, system)"
                + " VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
            m.conv(),
            m.seq(),
            m.id(),
            m.from(),
            m.device(),
            m.ts(),
            m.body(),
            MessageRows.systemColumn(m))
        > 0;
  }

  /** The newest {@code limit} stored messages of {@code conv}, oldest first. */
  public synchronized List<Message> recentMessages(String conv, int limit) {
    List<Message> newestFirst =
        sql.list(
            MessageRows.SELECT + " WHERE conv = ? ORDER BY seq DESC LIMIT ?",
            MessageRows::read,
            conv,
            limit);
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /**
   * Messages of {@code sender} in {@code conv} with {@code fromExclusive < seq <= toInclusive}, by
   * seq; a group's membership changes that {@code sender} made are not among them (they get no
   * ticks).
   */
  public synchronized List<Message> messagesOf(
      String conv, String sender, long fromExclusive, long toInclusive) {
    return sql.list(
        MessageRows.SELECT
            + " WHERE conv = ? AND sender = ? AND seq > ? AND seq <= ? AND system IS NULL"
            + " ORDER BY seq",
        MessageRows::read,
        conv,
        sender,
        fromExclusive,
        toInclusive);
  }

  /** Stored messages of {@code conv} not sent by {@code me} after {@code me}'s read position. */
  public synchronized long unreadCount(String conv, String me) {
    long read = positions(conv, me).read();
    return sql.number(
        "SELECT COUNT(*) FROM messages WHERE conv = ? AND sender <> ? AND seq > ?", conv, me, read);
  }

  // ---- positions ----

  public synchronized Positions positions(String conv, String user) {
    return sql.one(
            "SELECT delivered, read FROM positions WHERE conv = ? AND user = ?",
            LocalStore::positionsRow,
            conv,
            user)
        .orElse(Positions.NONE);
  }

  /** The highest positions any user other than this client's own user reached in {@code conv}. */
  public synchronized Positions othersPositions(String conv) {
    String me = identity().map(Identity::userId).orElse("");
    return sql.one(
            "SELECT MAX(delivered), MAX(read) FROM positions WHERE conv = ? AND user <> ?",
            LocalStore::positionsRow,
            conv,
            me)
        .orElse(Positions.NONE);
  }

  /**
   * Moves {@code user}'s positions forward to at least {@code reported}; returns the positions
   * before.
   */
  public synchronized Positions advancePositions(String conv, String user, Positions reported) {
    return transaction(
        () -> {
          Positions before = positions(conv, user);
          Positions after = before.max(reported);
          if (!after.equals(before)) {
            sql.update(
                "INSERT INTO positions(conv, user, delivered, read) VALUES(?, ?, ?, ?)"
                    + " ON CONFLICT(conv, user) DO UPDATE SET delivered = excluded.delivered, read = excluded.read",
                conv,
                user,
                after.delivered(),
                after.read());
          }
          return before;
        });
  }

  // ---- outbox, conversations, groups, users ----

  /** The outbox of messages this device composed (shares this store's lock and transactions). */
  public LocalOutbox outbox() {
    return outbox;
  }

  /** The groups this device knows (shares this store's lock and transactions). */
  public LocalGroups groups() {
    return groups;
  }

  public synchronized void putConversation(String conv, UserRef peer) {
    putHandle(peer.userId(), peer.handle());
    sql.update(
        "INSERT INTO conversations(conv, peer_user, peer_handle) VALUES(?, ?, ?)"
            + " ON CONFLICT(conv) DO UPDATE SET peer_user = excluded.peer_user, peer_handle = excluded.peer_handle",
        conv,
        peer.userId(),
        peer.handle());
  }

  /** The peer of {@code conv}, if this store has seen it. */
  public synchronized Optional<UserRef> peer(String conv) {
    return sql.one(
        "SELECT peer_user, peer_handle FROM conversations WHERE conv = ?",
        rs -> new UserRef(rs.getString(1), rs.getString(2)),
        conv);
  }

  /** Remembers that user {@code userId} has handle {@code handle}. */
  public synchronized void putHandle(String userId, String handle) {
    sql.update(
        "INSERT INTO users(user, handle) VALUES(?, ?)"
            + " ON CONFLICT(user) DO UPDATE SET handle = excluded.handle",
        userId,
        handle);
  }

  /** The handle of {@code userId}, if this store has seen it. */
  public synchronized Optional<String> handle(String userId) {
    return sql.one("SELECT handle FROM users WHERE user = ?", rs -> rs.getString(1), userId);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the client store", e);
    }
  }

  private static Positions positionsRow(ResultSet rs) throws SQLException {
    return new Positions(rs.getLong(1), rs.getLong(2));
  }
}
