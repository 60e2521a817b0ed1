package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.GroupTicks;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.MembershipChange;
import dev.parley.core.presence.EphemeralEvent;
import dev.parley.core.presence.PresenceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON the cluster keeps in Kafka, Cassandra and Redis is the JSON older nodes wrote (when the
 * events were the protocol's frames): these strings are what they wrote, byte for byte.
 */
class EventJsonTest {
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(EventJson.module())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Test
  void aMessageIsWrittenAndReadAsBefore() throws Exception {
    String old =
        "{\"kind\":\"message\",\"conv\":\"d.a.b\",\"seq\":3,\"id\":\"m3\",\"from\":\"a\","
            + "\"device\":\"a-phone\",\"ts\":9,\"body\":\"hi\"}";
    StoredMessage m = new StoredMessage("d.a.b", 3, "m3", "a", "a-phone", 9, "hi");
    assertThat(json.writerFor(ConversationEvent.class).writeValueAsString(m)).isEqualTo(old);
    assertThat(json.readerFor(ConversationEvent.class).<ConversationEvent>readValue(old))
        .isEqualTo(m);
  }

  @Test
  void aMembershipChangeIsWrittenAndReadAsBefore() throws Exception {
    String old =
        "{\"kind\":\"message\",\"conv\":\"g.1\",\"seq\":1,\"id\":\"c1\",\"from\":\"ann\","
            + "\"device\":\"ann-phone\",\"ts\":5,\"body\":\"\",\"system\":{\"action\":\"created\","
            + "\"actor\":\"ann\",\"users\":[\"bob\",\"eve\"],\"title\":\"Trip\"}}";
    StoredMessage m =
        new StoredMessage(
            "g.1",
            1,
            "c1",
            "ann",
            "ann-phone",
            5,
            "",
            new MembershipChange(
                MembershipChange.Action.CREATED, "ann", List.of("bob", "eve"), "Trip", null));
    assertThat(json.writerFor(ConversationEvent.class).writeValueAsString(m)).isEqualTo(old);
    assertThat(json.readerFor(ConversationEvent.class).<ConversationEvent>readValue(old))
        .isEqualTo(m);
    // Cassandra's system column holds the change alone.
    assertThat(
            json.readerFor(MembershipChange.class)
                .<MembershipChange>readValue(
                    "{\"action\":\"promoted\",\"actor\":\"a\",\"users\":[\"b\"],\"promoted\":\"b\"}"))
        .isEqualTo(
            new MembershipChange(MembershipChange.Action.PROMOTED, "a", List.of("b"), null, "b"));
  }

  @Test
  void receiptsAreWrittenAndReadAsBefore() throws Exception {
    String receipt =
        "{\"kind\":\"receipt\",\"conv\":\"d.a.b\",\"user\":\"a\",\"delivered\":3,\"read\":2}";
    String ticks = "{\"kind\":\"group_receipt\",\"conv\":\"g.1\",\"delivered\":7,\"read\":6}";
    ReceiptMoved r = new ReceiptMoved("d.a.b", "a", 3, 2);
    GroupTicks g = new GroupTicks("g.1", 7, 6);
    assertThat(json.writerFor(ConversationEvent.class).writeValueAsString(r)).isEqualTo(receipt);
    assertThat(json.writerFor(ConversationEvent.class).writeValueAsString(g)).isEqualTo(ticks);
    assertThat(json.readerFor(ConversationEvent.class).<ConversationEvent>readValue(receipt))
        .isEqualTo(r);
    assertThat(json.readerFor(ConversationEvent.class).<ConversationEvent>readValue(ticks))
        .isEqualTo(g);
  }

  @Test
  void ephemeralEventsCrossTheBusAsTheFramesOlderNodesRead() throws Exception {
    String presence =
        "{\"type\":\"presence\",\"users\":[{\"userId\":\"alice\",\"online\":false,\"lastSeen\":null}]}";
    String typing = "{\"type\":\"typing\",\"conv\":\"d.a.b\",\"user\":\"a\",\"active\":true}";
    EphemeralEvent p =
        new EphemeralEvent.PresenceChanged(List.of(new PresenceStatus("alice", false, null)));
    EphemeralEvent t = new EphemeralEvent.Typing("d.a.b", "a", true);
    assertThat(EventJson.ephemeral(p)).isEqualTo(presence);
    assertThat(EventJson.ephemeral(t)).isEqualTo(typing);
    assertThat(EventJson.ephemeral(presence)).isEqualTo(p);
    assertThat(EventJson.ephemeral(typing)).isEqualTo(t);
    // An older node's presence frame carries a null ref: still read.
    assertThat(EventJson.ephemeral("{\"type\":\"presence\",\"ref\":null,\"users\":[]}"))
        .isEqualTo(new EphemeralEvent.PresenceChanged(List.of()));
  }
}
