package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.protocol.FeedEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Value encodings of the messages, conversations and feed column families (see package doc). */
final class Records {
  static final byte FEED_MESSAGE = 1;
  static final byte FEED_RECEIPT = 2;
  private static final byte V1 = 1;

  /** Conversation records with the activity stamp and the receipt positions inside; still read. */
  private static final byte V2 = 2;

  /**
   * Conversation records without positions: each member's position is its own key (see package
   * doc).
   */
  static final byte V3 = 3;

  private Records() {}

  static byte[] message(long ts, String sender, String device, UUID id, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return Bytes.write(
        b.length + 2 * (sender.length() + device.length()) + 40,
        out -> {
          out.writeByte(V1);
          out.writeLong(ts);
          out.writeUTF(sender);
          out.writeUTF(device);
          out.writeLong(id.getMostSignificantBits());
          out.writeLong(id.getLeastSignificantBits());
          out.writeInt(b.length);
          out.write(b);
        });
  }

  static FeedEvent.Message message(String conv, long seq, byte[] value) {
    try (DataInputStream in = in(value)) {
      in.readByte();
      long ts = in.readLong();
      String sender = in.readUTF();
      String device = in.readUTF();
      UUID id = new UUID(in.readLong(), in.readLong());
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      return new FeedEvent.Message(
          conv, seq, id.toString(), sender, device, ts, new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Only the sender of a message record, for counting unread without decoding bodies. */
  static String messageSender(byte[] value) {
    try (DataInputStream in = in(value)) {
      in.readByte();
      in.readLong();
      return in.readUTF();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] conversation(ConversationState s) {
    return ByteBuffer.allocate(25)
        .put(V3)
        .putLong(s.lastSeq())
        .putLong(s.lastTs())
        .putLong(s.lastActivity())
        .array();
  }

  /**
   * A conversation record of any version. Positions come from the record itself for v1 and v2 only;
   * the caller overlays the positions stored under their own keys ({@link #receiptKey}).
   */
  static ConversationState conversation(ConversationId id, byte[] value) {
    try (DataInputStream in = in(value)) {
      byte version = in.readByte();
      long lastSeq = in.readLong();
      long lastTs = in.readLong();
      long lastActivity = version >= V2 ? in.readLong() : lastTs * 1_000;
      Map<String, ReceiptPosition> positions = new HashMap<>();
      if (version < V3) {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
          positions.put(in.readUTF(), new ReceiptPosition(in.readLong(), in.readLong()));
        }
      }
      return new ConversationState(id, lastSeq, lastTs, lastActivity, positions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean hasPositionsInside(byte[] conversationValue) {
    return conversationValue[0] < V3;
  }

  /** {@code conv 0x00 user}, in the conversations family: a member's receipt position. */
  static byte[] receiptKey(String conv, String user) {
    byte[] c = Bytes.utf8(conv);
    byte[] u = Bytes.utf8(user);
    byte[] key = Arrays.copyOf(c, c.length + 1 + u.length);
    key[c.length] = Bytes.SEP;
    System.arraycopy(u, 0, key, c.length + 1, u.length);
    return key;
  }

  /** {@code delivered, read} */
  static byte[] receipt(ReceiptPosition p) {
    return Bytes.longs(p.delivered(), p.read());
  }

  static ReceiptPosition receipt(byte[] value) {
    return new ReceiptPosition(Bytes.longAt(value, 0), Bytes.longAt(value, 8));
  }

  static byte[] feedMessage(String conv, long seq) {
    return Bytes.write(
        out -> {
          out.writeByte(FEED_MESSAGE);
          out.writeUTF(conv);
          out.writeLong(seq);
        });
  }

  static byte[] feedReceipt(FeedEvent.Receipt r) {
    return Bytes.write(
        out -> {
          out.writeByte(FEED_RECEIPT);
          out.writeUTF(r.conv());
          out.writeUTF(r.user());
          out.writeLong(r.delivered());
          out.writeLong(r.read());
        });
  }

  /** A feed value: either a receipt event, or a pointer to a message still to be read. */
  record FeedValue(FeedEvent.Receipt receipt, String conv, long seq) {}

  static FeedValue feed(byte[] value) {
    try (DataInputStream in = in(value)) {
      byte kind = in.readByte();
      if (kind == FEED_MESSAGE) {
        return new FeedValue(null, in.readUTF(), in.readLong());
      }
      FeedEvent.Receipt r =
          new FeedEvent.Receipt(in.readUTF(), in.readUTF(), in.readLong(), in.readLong());
      return new FeedValue(r, r.conv(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataInputStream in(byte[] value) {
    return new DataInputStream(new ByteArrayInputStream(value));
  }
}
