package dev.parley.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stored formats stay readable across versions. */
class RecordsTest {
  private static final ConversationId AB = ConversationId.direct("aaaa", "bbbb");

  @Test
  void conversationRecordsRoundTripWithoutPositions() {
    ConversationState s =
        new ConversationState(AB, 7, 1_000, 1_000_123, Map.of("aaaa", new ReceiptPosition(7, 5)));
    byte[] value = Records.conversation(s);
    ConversationState back = Records.conversation(AB, value);
    assertThat(back.lastSeq()).isEqualTo(7);
    assertThat(back.lastTs()).isEqualTo(1_000);
    assertThat(back.lastActivity()).isEqualTo(1_000_123);
    // Positions live under their own keys since v3.
    assertThat(back.position("aaaa")).isEqualTo(ReceiptPosition.NONE);
    assertThat(Records.hasPositionsInside(value)).isFalse();
  }

  @Test
  void receiptKeysSitRightAfterTheirConversationRecord() {
    assertThat(Records.receiptKey(AB.value(), "bbbb")).isEqualTo(Bytes.utf8(AB.value() + "\0bbbb"));
    assertThat(Records.receipt(Records.receipt(new ReceiptPosition(9, 4))))
        .isEqualTo(new ReceiptPosition(9, 4));
  }

  @Test
  void versionOneRecordsWithoutAnActivityStampAreStillRead() {
    byte[] v1 =
        Bytes.write(
            out -> {
              out.writeByte(1);
              out.writeLong(3);
              out.writeLong(2_000);
              out.writeInt(1);
              out.writeUTF("bbbb");
              out.writeLong(3);
              out.writeLong(1);
            });
    ConversationState back = Records.conversation(AB, v1);
    assertThat(back.lastSeq()).isEqualTo(3);
    assertThat(back.lastActivity()).isEqualTo(2_000_000);
    assertThat(back.position("bbbb")).isEqualTo(new ReceiptPosition(3, 1));
  }
}
