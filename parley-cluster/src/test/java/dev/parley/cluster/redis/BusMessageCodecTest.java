package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.SequencerReply;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusMessageCodecTest {
  private final BusMessageCodec codec = new BusMessageCodec();

  @Test
  void everyKindSurvivesTheRoundTrip() {
    List<BusMessage> messages =
        List.of(
            new BusMessage.FeedDelivery(
                "bob",
                List.of(
                    new BusMessage.FeedDelivery.Entry(
                        7, new StoredMessage("d.a.b", 3, "m3", "a", "a-phone", 9, "hi")),
                    new BusMessage.FeedDelivery.Entry(8, new ReceiptMoved("d.a.b", "a", 3, 2))),
                null),
            new BusMessage.Ephemeral("bob", "{\"type\":\"typing\"}", "bob-phone"),
            new BusMessage.Disconnect("bob-phone", 4009, "replaced"),
            new BusMessage.Reply(new SequencerReply("req-1", 12, 34, false, null)),
            new BusMessage.Reply(
                new SequencerReply("req-2", 0, 0, false, SequencerReply.UNKNOWN_MEMBER)),
            new BusMessage.Replies(
                List.of(
                    new SequencerReply("req-3", 13, 35, false, null),
                    new SequencerReply("req-4", 0, 0, false, SequencerReply.UNKNOWN_MEMBER))));
    for (BusMessage m : messages) {
      assertThat(codec.decode(codec.encode(m))).isEqualTo(m);
    }
  }

  /** Nodes of the previous and the next version read each other's replies in a rolling upgrade. */
  @Test
  void aReplyIsTheSequencersReplyFlatNextToItsKind() {
    BusMessage reply = new BusMessage.Reply(new SequencerReply("req-1", 12, 34, true, null));
    String json =
        "{\"t\":\"reply\",\"requestId\":\"req-1\",\"seq\":12,\"ts\":34,\"duplicate\":true,\"error\":null,\"detail\":null}";
    assertThat(codec.encode(reply)).isEqualTo(json);
    assertThat(codec.decode(json)).isEqualTo(reply);
    // A reply from a node that predates "detail" still reads.
    assertThat(
            codec.decode(
                "{\"t\":\"reply\",\"requestId\":\"req-1\",\"seq\":12,\"ts\":34,\"duplicate\":true,\"error\":null}"))
        .isEqualTo(reply);
  }

  @Test
  void aBatchsRepliesAreAListOfFlatReplies() {
    BusMessage replies =
        new BusMessage.Replies(List.of(new SequencerReply("req-1", 12, 34, false, null)));
    String json =
        "{\"t\":\"replies\",\"replies\":[{\"requestId\":\"req-1\",\"seq\":12,\"ts\":34,\"duplicate\":false,\"error\":null,\"detail\":null}]}";
    assertThat(codec.encode(replies)).isEqualTo(json);
    assertThat(codec.decode(json)).isEqualTo(replies);
  }

  @Test
  void fieldsFromANewerNodeAreIgnored() {
    assertThat(
            codec.decode(
                "{\"t\":\"disconnect\",\"device\":\"d\",\"code\":4003,\"reason\":\"r\",\"extra\":1}"))
        .isEqualTo(new BusMessage.Disconnect("d", 4003, "r"));
  }
}
