package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.parley.cluster.EventJson;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.MembershipChange;

/**
 * Reading a row of the {@code messages} table (columns seq, id, sender, device, ts, body, system),
 * shared by the history reader, the group feed merge and the sequencer's replays.
 */
final class MessageRows {
  static final String COLUMNS = "seq, id, sender, device, ts, body, system";

  private static final ObjectReader SYSTEM =
      new ObjectMapper()
          .registerModule(EventJson.module())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .readerFor(MembershipChange.class);

  private MessageRows() {}

  static StoredMessage message(ConversationId conv, Row row) {
    String system = row.getString("system");
    return new StoredMessage(
        conv.value(),
        row.getLong("seq"),
        row.getString("id"),
        row.getString("sender"),
        row.getString("device"),
        row.getLong("ts"),
        row.getString("body"),
        system == null ? null : membership(system));
  }

  private static MembershipChange membership(String json) {
    try {
      return SYSTEM.readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt membership change: " + json, e);
    }
  }
}
