package dev.parley.client.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.client.Message;
import dev.parley.client.group.MembershipChange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Message} as a row of the {@code messages} table ({@link LocalStore} documents the
 * schema). A group's membership change goes in the {@code system} column as JSON, {@code {"action",
 * "actor", "users", "title", "promoted"}} (nulls left out, the action in lower case): the shape of
 * the protocol's {@code system} object, which files written by earlier SDKs hold, so those files
 * read the same; conv, seq and ts are the row's own columns.
 */
final class MessageRows {
  /** The columns {@link #read} maps, in order. */
  static final String SELECT =
      "SELECT conv, seq, id, sender, device, ts, body, system FROM messages";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MessageRows() {}

  /** A row selected with {@link #SELECT}. */
  static Message read(ResultSet rs) throws SQLException {
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

  /** The {@code system} column of {@code m}: null for an ordinary message. */
  static String systemColumn(Message m) {
    if (!m.isMembershipChange()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(StoredChange.of(m.membershipChange()));
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

  /** The JSON of {@code messages.system}. */
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
}
