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
  void conversationRecordsRoundTrip() {
    ConversationState s = new ConversationState(AB, 7, 1_000, 1_000_123, Map.of("aaaa", new ReceiptPosition(7, 5)));
    ConversationState back = Records.conversation(AB, Records.conversation(s));
    assertThat(back.lastSeq()).isEqualTo(7);
    assertThat(back.lastActivity()).isEqualTo(1_000_123);
    assertThat(back.position("aaaa")).isEqualTo(new ReceiptPosition(7, 5));
  }

  @Test
  void versionOneRecordsWithoutAnActivityStampAreStillRead() {
    byte[] v1 = Bytes.write(out -> {
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
