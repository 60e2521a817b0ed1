package dev.parley.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.GroupTicks;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.MembershipChange;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The message and feed records, byte for byte as the code before the core had its own events wrote
 * them (when they decoded to the protocol's frames): data on disk keeps loading, and new records
 * keep the layout.
 */
class EventRecordsTest {
  private static final UUID ID = UUID.fromString("6f1c2a9e-8b1d-4c3e-9a57-1f1d0e2b3c4d");

  @Test
  void aMessageRecordOfVersionOneLoads() throws IOException {
    byte[] old =
        bytes(
            out -> {
              out.writeByte(1);
              out.writeLong(1_732_350_000_123L);
              out.writeUTF("aaaa");
              out.writeUTF("a-phone");
              out.writeLong(ID.getMostSignificantBits());
              out.writeLong(ID.getLeastSignificantBits());
              byte[] body = "héllo".getBytes(StandardCharsets.UTF_8);
              out.writeInt(body.length);
              out.write(body);
            });
    assertThat(Records.message("d.aaaa.bbbb", 7, old))
        .isEqualTo(
            new StoredMessage(
                "d.aaaa.bbbb", 7, ID.toString(), "aaaa", "a-phone", 1_732_350_000_123L, "héllo"));
    assertThat(Records.message(1_732_350_000_123L, "aaaa", "a-phone", ID, "héllo")).isEqualTo(old);
  }

  @Test
  void aMembershipChangeRecordLoadsWithItsChange() throws IOException {
    byte[] old =
        bytes(
            out -> {
              out.writeByte(2);
              out.writeLong(5);
              out.writeUTF("ann");
              out.writeUTF("ann-phone");
              out.writeLong(ID.getMostSignificantBits());
              out.writeLong(ID.getLeastSignificantBits());
              out.writeInt(0);
              out.writeUTF("left");
              out.writeInt(1);
              out.writeUTF("ann");
              out.writeBoolean(false);
              out.writeBoolean(true);
              out.writeUTF("bob");
            });
    MembershipChange change =
        new MembershipChange(MembershipChange.Action.LEFT, "ann", List.of("ann"), null, "bob");
    assertThat(Records.message("g.1", 3, old))
        .isEqualTo(new StoredMessage("g.1", 3, ID.toString(), "ann", "ann-phone", 5, "", change));
    assertThat(Records.systemMessage(5, "ann", "ann-phone", ID, change)).isEqualTo(old);
  }

  @Test
  void feedReceiptRecordsLoad() throws IOException {
    byte[] receipt =
        bytes(
            out -> {
              out.writeByte(Records.FEED_RECEIPT);
              out.writeUTF("d.aaaa.bbbb");
              out.writeUTF("bbbb");
              out.writeLong(4);
              out.writeLong(3);
            });
    byte[] ticks =
        bytes(
            out -> {
              out.writeByte(Records.FEED_GROUP_RECEIPT);
              out.writeUTF("g.1");
              out.writeLong(9);
              out.writeLong(8);
            });
    ReceiptMoved r = new ReceiptMoved("d.aaaa.bbbb", "bbbb", 4, 3);
    GroupTicks g = new GroupTicks("g.1", 9, 8);
    assertThat(Records.feed(receipt).receipt()).isEqualTo(r);
    assertThat(Records.feed(ticks).receipt()).isEqualTo(g);
    assertThat(Records.feedReceipt(r)).isEqualTo(receipt);
    assertThat(Records.feedGroupReceipt(g)).isEqualTo(ticks);
  }

  private interface Writes {
    void to(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writes writes) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      writes.to(out);
    }
    return b.toByteArray();
  }
}
