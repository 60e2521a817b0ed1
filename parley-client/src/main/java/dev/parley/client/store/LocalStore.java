package dev.parley.client.store;

import dev.parley.client.MessageStatus;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.Peer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The client's SQLite file: outbox, feed cursor, local copy of messages, receipt positions and
 * conversations. One connection, every method synchronized on this object, so callers on any thread see
 * one consistent store; {@link #transaction} groups several calls atomically (a feed frame and its cursor).
 *
 * <p>Durability: WAL journal with {@code synchronous=NORMAL}, so a committed row survives the client process
 * being killed (what the outbox promises); a power loss may lose the last commits.
 *
 * <p>Schema (version 1):
 *
 * <pre>
 * meta(key PK, value)                      -- 'cursor', 'userId', 'handle', 'deviceId'
 * outbox(ord INTEGER PK AUTOINCREMENT,     -- composition order
 *        id UNIQUE, conv, body, created_at,
 *        state 'pending'|'sent'|'failed', seq, ts, error)
 * messages(conv, seq, id, sender, device, ts, body, PK(conv, seq))   -- every message known, any sender
 * positions(conv, user, delivered, read, PK(conv, user))             -- receipt positions, only move up
 * conversations(conv PK, peer_user, peer_handle)
 * </pre>
 */
public final class LocalStore implements AutoCloseable {
  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS outbox(ord INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
        + " conv TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL,"
        + " seq INTEGER, ts INTEGER, error TEXT)",
    "CREATE INDEX IF NOT EXISTS outbox_state ON outbox(state, ord)",
    "CREATE TABLE IF NOT EXISTS messages(conv TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
        + " sender TEXT NOT NULL, device TEXT NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL,"
        + " PRIMARY KEY(conv, seq))",
    "CREATE TABLE IF NOT EXISTS positions(conv TEXT NOT NULL, user TEXT NOT NULL,"
        + " delivered INTEGER NOT NULL, read INTEGER NOT NULL, PRIMARY KEY(conv, user))",
    "CREATE TABLE IF NOT EXISTS conversations(conv TEXT PRIMARY KEY, peer_user TEXT, peer_handle TEXT)",
  };

  private final Connection db;

  private LocalStore(Connection db) {
    this.db = db;
  }

  /** Opens (creating if needed) the store in {@code file}. */
  public static LocalStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        java.nio.file.Files.createDirectories(parent);
      }
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA busy_timeout=5000");
        for (String ddl : SCHEMA) {
          st.execute(ddl);
        }
      }
      return new LocalStore(db);
    } catch (SQLException | java.io.IOException e) {
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

  // ---- meta ----

  public synchronized Optional<String> meta(String key) {
    try (PreparedStatement st = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      st.setString(1, key);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + key, e);
    }
  }

  public synchronized void putMeta(String key, String value) {
    update("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
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
    Optional<String> user = meta("userId");
    return user.map(u -> new Identity(u, meta("handle").orElse(""), meta("deviceId").orElse("")));
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
    try (PreparedStatement st =
        db.prepareStatement(
            "INSERT INTO outbox(id, conv, body, created_at, state) VALUES(?, ?, ?, ?, 'pending')",
            Statement.RETURN_GENERATED_KEYS)) {
      st.setString(1, id);
      st.setString(2, conv);
      st.setString(3, body);
      st.setLong(4, now);
      st.executeUpdate();
      try (ResultSet keys = st.getGeneratedKeys()) {
        keys.next();
        return new OutboxEntry(keys.getLong(1), id, conv, body, now);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write to the outbox", e);
    }
  }

  /** Every pending outbox entry, in composition order. */
  public synchronized List<OutboxEntry> pendingOutbox() {
    List<OutboxEntry> entries = new ArrayList<>();
    try (PreparedStatement st =
            db.prepareStatement(
                "SELECT ord, id, conv, body, created_at FROM outbox WHERE state = 'pending' ORDER BY ord");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        entries.add(new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
      }
      return entries;
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox", e);
    }
  }

  /** Number of outbox entries not yet confirmed by the server. */
  public synchronized int pendingCount() {
    return (int) queryLong("SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
  }

  /**
   * Records the server's confirmation of a pending entry and copies it into {@code messages}. Returns false
   * when the entry was not pending (already confirmed, failed, or unknown): the caller reports nothing.
   */
  public synchronized boolean markSent(String id, long seq, long ts, Identity me) {
    return transaction(
        () -> {
          Optional<OutboxEntry> entry = outboxEntry(id, "pending");
          if (entry.isEmpty()) {
            return false;
          }
          update("UPDATE outbox SET state = 'sent', seq = ?, ts = ? WHERE id = ?", seq, ts, id);
          OutboxEntry e = entry.get();
          insertMessage(new FeedEvent.Message(e.conv(), seq, id, me.userId(), me.deviceId(), ts, e.body()));
          return true;
        });
  }

  /** Marks a pending entry refused for good; returns false if it was not pending. */
  public synchronized boolean markFailed(String id, String errorCode) {
    return update("UPDATE outbox SET state = 'failed', error = ? WHERE id = ? AND state = 'pending'", errorCode, id) > 0;
  }

  /** The outbox entry with key {@code id}, whatever its state. */
  public synchronized Optional<OutboxEntry> outboxEntry(String id) {
    return outboxEntry(id, null);
  }

  private Optional<OutboxEntry> outboxEntry(String id, String state) {
    String sql = "SELECT ord, id, conv, body, created_at FROM outbox WHERE id = ?" + (state == null ? "" : " AND state = ?");
    try (PreparedStatement st = db.prepareStatement(sql)) {
      st.setString(1, id);
      if (state != null) {
        st.setString(2, state);
      }
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? Optional.of(new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox", e);
    }
  }

  /**
   * The status of a message this user sent, by key: from the outbox state, then from the highest positions
   * another member of the conversation reached. Empty if the key is unknown here.
   */
  public synchronized Optional<MessageStatus> status(String id) {
    try (PreparedStatement st = db.prepareStatement("SELECT conv, state, seq FROM outbox WHERE id = ?")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next()) {
          String state = rs.getString(2);
          if (state.equals("pending")) {
            return Optional.of(MessageStatus.PENDING);
          }
          if (state.equals("failed")) {
            return Optional.of(MessageStatus.FAILED);
          }
          return Optional.of(statusOf(rs.getString(1), rs.getLong(3)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox", e);
    }
    Identity me = identity().orElse(null);
    try (PreparedStatement st = db.prepareStatement("SELECT conv, seq, sender FROM messages WHERE id = ?")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next() && me != null && me.userId().equals(rs.getString(3))) {
          return Optional.of(statusOf(rs.getString(1), rs.getLong(2)));
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read messages", e);
    }
  }

  /** The status of a stored message of this user at {@code seq}, from the other members' positions. */
  public synchronized MessageStatus statusOf(String conv, long seq) {
    Positions others = othersPositions(conv);
    if (others.read() >= seq) {
      return MessageStatus.READ;
    }
    return others.delivered() >= seq ? MessageStatus.DELIVERED : MessageStatus.SENT;
  }

  // ---- messages ----

  /** Stores a message; false if one with the same conv + seq was already there (a redelivery). */
  public synchronized boolean insertMessage(FeedEvent.Message m) {
    return update(
            "INSERT OR IGNORE INTO messages(conv, seq, id, sender, device, ts, body) VALUES(?, ?, ?, ?, ?, ?, ?)",
            m.conv(), m.seq(), m.id(), m.from(), m.device(), m.ts(), m.body())
        > 0;
  }

  /** The newest {@code limit} stored messages of {@code conv}, oldest first. */
  public synchronized List<FeedEvent.Message> recentMessages(String conv, int limit) {
    List<FeedEvent.Message> out = new ArrayList<>();
    try (PreparedStatement st =
        db.prepareStatement(
            "SELECT conv, seq, id, sender, device, ts, body FROM messages WHERE conv = ? ORDER BY seq DESC LIMIT ?")) {
      st.setString(1, conv);
      st.setInt(2, limit);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(readMessage(rs));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read messages", e);
    }
    Collections.reverse(out);
    return out;
  }

  /** Messages of {@code sender} in {@code conv} with {@code fromExclusive < seq <= toInclusive}, by seq. */
  public synchronized List<FeedEvent.Message> messagesOf(String conv, String sender, long fromExclusive, long toInclusive) {
    List<FeedEvent.Message> out = new ArrayList<>();
    try (PreparedStatement st =
        db.prepareStatement(
            "SELECT conv, seq, id, sender, device, ts, body FROM messages"
                + " WHERE conv = ? AND sender = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
      st.setString(1, conv);
      st.setString(2, sender);
      st.setLong(3, fromExclusive);
      st.setLong(4, toInclusive);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(readMessage(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read messages", e);
    }
  }

  /** Stored messages of {@code conv} not sent by {@code me} after {@code me}'s read position. */
  public synchronized long unreadCount(String conv, String me) {
    long read = positions(conv, me).read();
    try (PreparedStatement st =
        db.prepareStatement("SELECT COUNT(*) FROM messages WHERE conv = ? AND sender <> ? AND seq > ?")) {
      st.setString(1, conv);
      st.setString(2, me);
      st.setLong(3, read);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count unread messages", e);
    }
  }

  private static FeedEvent.Message readMessage(ResultSet rs) throws SQLException {
    return new FeedEvent.Message(
        rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7));
  }

  // ---- positions ----

  public synchronized Positions positions(String conv, String user) {
    try (PreparedStatement st = db.prepareStatement("SELECT delivered, read FROM positions WHERE conv = ? AND user = ?")) {
      st.setString(1, conv);
      st.setString(2, user);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? new Positions(rs.getLong(1), rs.getLong(2)) : Positions.NONE;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read positions", e);
    }
  }

  /** The highest positions any user other than this client's own user reached in {@code conv}. */
  public synchronized Positions othersPositions(String conv) {
    String me = identity().map(Identity::userId).orElse("");
    try (PreparedStatement st =
        db.prepareStatement("SELECT MAX(delivered), MAX(read) FROM positions WHERE conv = ? AND user <> ?")) {
      st.setString(1, conv);
      st.setString(2, me);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Positions(rs.getLong(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read positions", e);
    }
  }

  /** Moves {@code user}'s positions forward to at least {@code reported}; returns the positions before. */
  public synchronized Positions advancePositions(String conv, String user, Positions reported) {
    return transaction(
        () -> {
          Positions before = positions(conv, user);
          Positions after = before.max(reported);
          if (!after.equals(before)) {
            update(
                "INSERT INTO positions(conv, user, delivered, read) VALUES(?, ?, ?, ?)"
                    + " ON CONFLICT(conv, user) DO UPDATE SET delivered = excluded.delivered, read = excluded.read",
                conv, user, after.delivered(), after.read());
          }
          return before;
        });
  }

  // ---- conversations ----

  public synchronized void putConversation(String conv, Peer peer) {
    update(
        "INSERT INTO conversations(conv, peer_user, peer_handle) VALUES(?, ?, ?)"
            + " ON CONFLICT(conv) DO UPDATE SET peer_user = excluded.peer_user, peer_handle = excluded.peer_handle",
        conv, peer.userId(), peer.handle());
  }

  /** The peer of {@code conv}, if this store has seen it. */
  public synchronized Optional<Peer> peer(String conv) {
    try (PreparedStatement st = db.prepareStatement("SELECT peer_user, peer_handle FROM conversations WHERE conv = ?")) {
      st.setString(1, conv);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(new Peer(rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read conversations", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the client store", e);
    }
  }

  private long queryLong(String sql) {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("query failed: " + sql, e);
    }
  }

  private int update(String sql, Object... args) {
    try (PreparedStatement st = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("update failed: " + sql, e);
    }
  }
}
