package dev.parley.client.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's tables, created or brought up to date when a file is opened. The version is SQLite's
 * {@code user_version}: files written before versions existed read 0 and hold the version 1 tables.
 * Each migration runs in its own transaction together with its version bump, so a crash
 * mid-migration leaves the file at the previous version, and the next open runs it again. Add a
 * migration, never edit a released one: files in the field were made by it.
 */
final class Schema {
  /** The version this code writes. */
  static final int VERSION = 3;

  /** Version 1: outbox, cursor and identity, messages, receipt positions, 1:1 conversations. */
  private static final String[] V1 = {
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS outbox(ord INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
        + " conv TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL,"
        + " seq INTEGER, ts INTEGER, error TEXT)",
    "CREATE INDEX IF NOT EXISTS outbox_state ON outbox(state, ord)",
    "CREATE TABLE IF NOT EXISTS messages(conv TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
        + " sender TEXT NOT NULL, device TEXT NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL,"
        + " PRIMARY KEY(conv, seq))",
    "CREATE INDEX IF NOT EXISTS messages_id ON messages(id)",
    "CREATE TABLE IF NOT EXISTS positions(conv TEXT NOT NULL, user TEXT NOT NULL,"
        + " delivered INTEGER NOT NULL, read INTEGER NOT NULL, PRIMARY KEY(conv, user))",
    "CREATE TABLE IF NOT EXISTS conversations(conv TEXT PRIMARY KEY, peer_user TEXT, peer_handle TEXT)",
  };

  /**
   * Version 2, groups: a message's {@code system} object, groups with their group-wide receipt
   * positions, their members as received, and the handles of users this device has seen.
   */
  private static final String[] V2 = {
    "ALTER TABLE messages ADD COLUMN system TEXT",
    "CREATE TABLE groups(conv TEXT PRIMARY KEY, title TEXT, size INTEGER NOT NULL DEFAULT -1,"
        + " member INTEGER NOT NULL DEFAULT 1, at INTEGER NOT NULL DEFAULT 0,"
        + " delivered INTEGER NOT NULL DEFAULT 0, read INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE group_members(conv TEXT NOT NULL, user TEXT NOT NULL, admin INTEGER NOT NULL,"
        + " since INTEGER NOT NULL, current INTEGER NOT NULL, at INTEGER NOT NULL,"
        + " PRIMARY KEY(conv, user))",
    "CREATE TABLE users(user TEXT PRIMARY KEY, handle TEXT NOT NULL)",
  };

  /**
   * Version 3: the highest seq of its conversation this device had when a message was composed
   * (sent as {@code after}); null in rows composed before.
   */
  private static final String[] V3 = {"ALTER TABLE outbox ADD COLUMN after_seq INTEGER"};

  /** Migration {@code i} takes a file from version {@code i} to {@code i + 1}. */
  private static final String[][] MIGRATIONS = {V1, V2, V3};

  private Schema() {}

  /** Brings the file on {@code db} (in auto-commit mode) to {@link #VERSION}. */
  static void migrate(Connection db) throws SQLException {
    int version = version(db);
    if (version > VERSION) {
      throw new StoreException(
          "the client store is version " + version + "; this SDK reads up to " + VERSION, null);
    }
    for (int next = version; next < VERSION; next++) {
      db.setAutoCommit(false);
      try (Statement st = db.createStatement()) {
        for (String ddl : MIGRATIONS[next]) {
          st.execute(ddl);
        }
        st.execute("PRAGMA user_version = " + (next + 1));
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    }
  }

  static int version(Connection db) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
