package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import java.util.HashMap;
import java.util.Map;

/**
 * Reading a row of the {@code conversations} table, shared by the sequencer and the history reader.
 */
final class ConversationRows {
  static final String SELECT =
      "SELECT last_seq, last_ts, last_activity, delivered, read, applied_offset FROM %s.conversations WHERE conv = ?";

  private ConversationRows() {}

  static ConversationState state(ConversationId conv, Row row) {
    Map<String, Long> delivered = row.getMap("delivered", String.class, Long.class);
    Map<String, Long> read = row.getMap("read", String.class, Long.class);
    Map<String, ReceiptPosition> positions = new HashMap<>();
    for (String member : conv.members()) {
      positions.put(
          member,
          new ReceiptPosition(delivered.getOrDefault(member, 0L), read.getOrDefault(member, 0L)));
    }
    return new ConversationState(
        conv,
        row.getLong("last_seq"),
        row.getLong("last_ts"),
        row.getLong("last_activity"),
        positions);
  }

  static long appliedOffset(Row row) {
    return row.getLong("applied_offset");
  }

  static Map<String, Long> delivered(ConversationState state) {
    Map<String, Long> out = new HashMap<>();
    state.positions().forEach((member, p) -> out.put(member, p.delivered()));
    return out;
  }

  static Map<String, Long> read(ConversationState state) {
    Map<String, Long> out = new HashMap<>();
    state.positions().forEach((member, p) -> out.put(member, p.read()));
    return out;
  }
}
