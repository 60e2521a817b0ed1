package dev.parley.client.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prepared-statement plumbing for {@link LocalStore}: bind arguments, map rows, wrap SQL errors.
 */
final class Sql {
  /** Reads one row. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Connection db;

  Sql(Connection db) {
    this.db = db;
  }

  int update(String sql, Object... args) {
    try (PreparedStatement st = prepare(sql, args)) {
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("update failed: " + sql, e);
    }
  }

  <T> List<T> list(String sql, Row<T> row, Object... args) {
    try (PreparedStatement st = prepare(sql, args);
        ResultSet rs = st.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("query failed: " + sql, e);
    }
  }

  <T> Optional<T> one(String sql, Row<T> row, Object... args) {
    List<T> rows = list(sql, row, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  long number(String sql, Object... args) {
    return one(sql, rs -> rs.getLong(1), args).orElse(0L);
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement st = db.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      st.setObject(i + 1, args[i]);
    }
    return st;
  }
}
