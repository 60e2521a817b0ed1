package dev.parley.client.store;

import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox table of a {@link LocalStore} (whose lock and transactions it shares): messages this
 * device composed, in composition order, each {@code pending} until the server confirms it ({@code
 * sent}, then copied into {@code messages}) or refuses it for good ({@code failed}). A row is
 * committed before {@link #add} returns, which is what lets the SDK promise that a message handed
 * to {@code send} survives a crash of the process.
 */
public final class LocalOutbox {
  private static final String COLUMNS =
      "SELECT ord, id, conv, body, created_at, after_seq FROM outbox";

  private final LocalStore store;
  private final Sql sql;

  LocalOutbox(LocalStore store, Sql sql) {
    this.store = store;
    this.sql = sql;
  }

  /**
   * Writes a new pending message with a fresh UUID key and the highest seq of {@code conv} this
   * store holds (every seq it holds exists on the server, so a stored copy of the new message will
   * be above it); committed when this returns.
   */
  public OutboxEntry add(String conv, String body) {
    synchronized (store) {
      String id = UUID.randomUUID().toString();
      long now = System.currentTimeMillis();
      long after = sql.number("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conv = ?", conv);
      sql.update(
          "INSERT INTO outbox(id, conv, body, created_at, state, after_seq)"
              + " VALUES(?, ?, ?, ?, 'pending', ?)",
          id,
          conv,
          body,
          now,
          after);
      return entry(id).orElseThrow();
    }
  }

  /** Every pending entry, in composition order. */
  public List<OutboxEntry> pending() {
    synchronized (store) {
      return sql.list(COLUMNS + " WHERE state = 'pending' ORDER BY ord", LocalOutbox::row);
    }
  }

  /** Number of entries not yet confirmed by the server. */
  public int pendingCount() {
    synchronized (store) {
      return (int) sql.number("SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
    }
  }

  /** The entry with key {@code id}, whatever its state. */
  public Optional<OutboxEntry> entry(String id) {
    synchronized (store) {
      return sql.one(COLUMNS + " WHERE id = ?", LocalOutbox::row, id);
    }
  }

  /**
   * Records the server's confirmation of a pending entry and copies it into {@code messages}.
   * Returns false when the entry was not pending (already confirmed, failed, or unknown): the
   * caller reports nothing.
   */
  public boolean markSent(String id, long seq, long ts, Identity me) {
    return store.transaction(
        () -> {
          Optional<OutboxEntry> entry =
              sql.one(COLUMNS + " WHERE id = ? AND state = 'pending'", LocalOutbox::row, id);
          if (entry.isEmpty()) {
            return false;
          }
          sql.update("UPDATE outbox SET state = 'sent', seq = ?, ts = ? WHERE id = ?", seq, ts, id);
          store.insertMessage(
              new Message(
                  entry.get().conv(), seq, id, me.userId(), me.deviceId(), ts, entry.get().body()));
          return true;
        });
  }

  /** Marks a pending entry refused for good; returns false if it was not pending. */
  public boolean markFailed(String id, String errorCode) {
    synchronized (store) {
      return sql.update(
              "UPDATE outbox SET state = 'failed', error = ? WHERE id = ? AND state = 'pending'",
              errorCode,
              id)
          > 0;
    }
  }

  /**
   * The status of entry {@code id}: from its state, and once sent from the other members' positions
   * ({@link LocalStore#statusOf}). Empty if this device did not compose it.
   */
  Optional<MessageStatus> status(String id) {
    record Row(String conv, String state, long seq) {}
    synchronized (store) {
      return sql.one(
              "SELECT conv, state, seq FROM outbox WHERE id = ?",
              rs -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3)),
              id)
          .map(
              row ->
                  switch (row.state()) {
                    case "pending" -> MessageStatus.PENDING;
                    case "failed" -> MessageStatus.FAILED;
                    default -> store.statusOf(row.conv(), row.seq());
                  });
    }
  }

  private static OutboxEntry row(ResultSet rs) throws SQLException {
    long after = rs.getLong(6);
    return new OutboxEntry(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getLong(5),
        rs.wasNull() ? null : after);
  }
}
