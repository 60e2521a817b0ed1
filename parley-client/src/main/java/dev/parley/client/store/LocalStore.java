package dev.parley.client.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.UserRef;
import dev.parley.client.group.MembershipChange;
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
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The client's SQLite file: outbox, feed cursor, local copy of messages, receipt positions,
 * conversations and groups ({@link LocalGroups}). One connection, every method synchronized on this
 * object, so callers on any thread see one consistent store; {@link #transaction} groups several
 * calls atomically (a feed frame and its cursor).
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
 *        state 'pending'|'sent'|'failed', seq, ts, error)
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
 * <p>{@code messages.system} holds {@code {"action", "actor", "users", "title", "promoted"}} (nulls
 * left out, the action in lower case): the shape of the protocol's {@code system} object, which
 * files written by earlier SDKs hold, but written from the SDK's {@link MembershipChange}.
 */
public final class LocalStore implements AutoCloseable {
  private static final String OUTBOX_COLUMNS = "SELECT ord, id, conv, body, created_at FROM outbox";
  private static final String MESSAGE_COLUMNS =
      "SELECT conv, seq, id, sender, device, ts, body, system FROM messages";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection db;
  private final Sql sql;
  private final LocalGroups groups;

  private LocalStore(Connection db) {
    this.db = db;
    this.sql = new Sql(db);
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

  // ---- outbox ----

  /** Writes a new pending message with a fresh UUID key; committed when this returns. */
  public synchronized OutboxEntry addToOutbox(String conv, String body) {
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    sql.update(
        "INSERT INTO outbox(id, conv, body, created_at, state) VALUES(?, ?, ?, ?, 'pending')",
        id,
        conv,
        body,
        now);
    return outboxEntry(id).orElseThrow();
  }

  /** Every pending outbox entry, in composition order. */
  public synchronized List<OutboxEntry> pendingOutbox() {
    return sql.list(
        OUTBOX_COLUMNS + " WHERE state = 'pending' ORDER BY ord", LocalStore::outboxRow);
  }

  /** Number of outbox entries not yet confirmed by the server. */
  public synchronized int pendingCount() {
    return (int) sql.number("SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
  }

  /** The outbox entry with key {@code id}, whatever its state. */
  public synchronized Optional<OutboxEntry> outboxEntry(String id) {
    return sql.one(OUTBOX_COLUMNS + " WHERE id = ?", LocalStore::outboxRow, id);
  }

  /**
   * Records the server's confirmation of a pending entry and copies it into {@code messages}.
   * Returns false when the entry was not pending (already confirmed, failed, or unknown): the
   * caller reports nothing.
   */
  public synchronized boolean markSent(String id, long seq, long ts, Identity me) {
    return transaction(
        () -> {
          Optional<OutboxEntry> entry =
              sql.one(
                  OUTBOX_COLUMNS + " WHERE id = ? AND state = 'pending'",
                  LocalStore::outboxRow,
                  id);
          if (entry.isEmpty()) {
            return false;
          }
          sql.update("UPDATE outbox SET state = 'sent', seq = ?, ts = ? WHERE id = ?", seq, ts, id);
          insertMessage(
              new Message(
                  entry.get().conv(), seq, id, me.userId(), me.deviceId(), ts, entry.get().body()));
          return true;
        });
  }

  /** Marks a pending entry refused for good; returns false if it was not pending. */
  public synchronized boolean markFailed(String id, String errorCode) {
    return sql.update(
            "UPDATE outbox SET state = 'failed', error = ? WHERE id = ? AND state = 'pending'",
            errorCode,
            id)
        > 0;
  }

  /**
   * The status of a message this user sent, by key: from the outbox state, then from the highest
   * positions another member of the conversation reached. Empty if the key is unknown here.
   */
  public synchronized Optional<MessageStatus> status(String id) {
    record Row(String conv, String state, long seq) {}
    Optional<Row> outboxed =
        sql.one(
            "SELECT conv, state, seq FROM outbox WHERE id = ?",
            rs -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3)),
            id);
    if (outboxed.isPresent()) {
      return Optional.of(
          switch (outboxed.get().state()) {
            case "pending" -> MessageStatus.PENDING;
            case "failed" -> MessageStatus.FAILED;
            default -> statusOf(outboxed.get().conv(), outboxed.get().seq());
          });
    }
    // A message this user sent from another device.
    String me = identity().map(Identity::userId).orElse("");
    return sql.one(MESSAGE_COLUMNS + " WHERE id = ? AND sender = ?", LocalStore::messageRow, id, me)
        .map(m -> statusOf(m.conv(), m.seq()));
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
            m.isMembershipChange() ? toJson(m.membershipChange()) : null)
        > 0;
  }

  /** The newest {@code limit} stored messages of {@code conv}, oldest first. */
  public synchronized List<Message> recentMessages(String conv, int limit) {
    List<Message> newestFirst =
        sql.list(
            MESSAGE_COLUMNS + " WHERE conv = ? ORDER BY seq DESC LIMIT ?",
            LocalStore::messageRow,
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
        MESSAGE_COLUMNS
            + " WHERE conv = ? AND sender = ? AND seq > ? AND seq <= ? AND system IS NULL"
            + " ORDER BY seq",
        LocalStore::messageRow,
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

  // ---- conversations, groups, users ----

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

  private static OutboxEntry outboxRow(ResultSet rs) throws SQLException {
    return new OutboxEntry(
        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
  }

  private static Message messageRow(ResultSet rs) throws SQLException {
    String conv = rs.getString(1);
    long seq = rs.getLong(2);
    long ts = rs.getLong(6);
    StoredChange system = fromJson(rs.getString(8));
    return new Message(
        conv,
        seq,
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        ts,
        rs.getString(7),
        system == null ? null : system.toChange(conv, seq, ts));
  }

  /** The JSON of {@code messages.system}; conv, seq and ts are the row's own columns. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record StoredChange(
      String action, String actor, List<String> users, String title, String promoted) {

    static StoredChange of(MembershipChange change) {
      return new StoredChange(
          change.action().name().toLowerCase(Locale.ROOT),
          change.actor(),
          change.users(),
          change.title(),
          change.promoted());
    }

    MembershipChange toChange(String conv, long seq, long ts) {
      return new MembershipChange(
          conv, seq, ts, MembershipChange.Action.of(action), actor, users, title, promoted);
    }
  }

  private static String toJson(MembershipChange change) {
    try {
      return JSON.writeValueAsString(StoredChange.of(change));
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot encode a membership change", e);
    }
  }

  private static StoredChange fromJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, StoredChange.class);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot decode a stored membership change", e);
    }
  }

  private static Positions positionsRow(ResultSet rs) throws SQLException {
    return new Positions(rs.getLong(1), rs.getLong(2));
  }
}
