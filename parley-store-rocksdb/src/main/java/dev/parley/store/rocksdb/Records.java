package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.GroupTicks;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.GroupRole;
import dev.parley.core.group.GroupStore.GroupHeader;
import dev.parley.core.group.MemberPeriod;
import dev.parley.core.group.MembershipChange;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Value encodings of the messages, conversations and feed column families (see package doc). */
final class Records {
  static final byte FEED_MESSAGE = 1;
  static final byte FEED_RECEIPT = 2;
  static final byte FEED_GROUP_RECEIPT = 3;

  /** A message record that is a group's membership change (see {@link #systemMessage}). */
  private static final byte SYSTEM_MESSAGE = 2;

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

  static StoredMessage message(String conv, long seq, byte[] value) {
    try (DataInputStream in = in(value)) {
      byte version = in.readByte();
      long ts = in.readLong();
      String sender = in.readUTF();
      String device = in.readUTF();
      UUID id = new UUID(in.readLong(), in.readLong());
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      MembershipChange system = version == SYSTEM_MESSAGE ? membership(in, sender) : null;
      return new StoredMessage(
          conv,
          seq,
          id.toString(),
          sender,
          device,
          ts,
          new String(body, StandardCharsets.UTF_8),
          system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A group's membership change, stored as a message (it takes a seq): the v1 layout with an empty
   * body, then action, users, title and promoted member.
   */
  static byte[] systemMessage(long ts, String actor, String device, UUID id, MembershipChange c) {
    return Bytes.write(
        out -> {
          out.writeByte(SYSTEM_MESSAGE);
          out.writeLong(ts);
          out.writeUTF(actor);
          out.writeUTF(device);
          out.writeLong(id.getMostSignificantBits());
          out.writeLong(id.getLeastSignificantBits());
          out.writeInt(0);
          out.writeUTF(c.action().label());
          out.writeInt(c.users().size());
          for (String u : c.users()) {
            out.writeUTF(u);
          }
          writeOptional(out, c.title());
          writeOptional(out, c.promoted());
        });
  }

  private static MembershipChange membership(DataInputStream in, String actor) throws IOException {
    String action = in.readUTF();
    int n = in.readInt();
    List<String> users = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      users.add(in.readUTF());
    }
    return new MembershipChange(
        MembershipChange.Action.ofLabel(action), actor, users, readOptional(in), readOptional(in));
  }

  private static void writeOptional(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static String readOptional(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  /** {@code title, size, allDelivered, allRead, creator}: a group's header in the groups family. */
  static byte[] groupHeader(GroupHeader h, String creator) {
    return Bytes.write(
        out -> {
          out.writeByte(V1);
          out.writeUTF(h.title());
          out.writeInt(h.size());
          out.writeLong(h.allDelivered());
          out.writeLong(h.allRead());
          out.writeUTF(creator);
        });
  }

  /** A group's header and its creator. */
  record StoredHeader(GroupHeader header, String creator) {}

  static StoredHeader groupHeader(byte[] value) {
    try (DataInputStream in = in(value)) {
      in.readByte();
      GroupHeader h = new GroupHeader(in.readUTF(), in.readInt(), in.readLong(), in.readLong());
      return new StoredHeader(h, in.readUTF());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code role, [from, until]*}: one member of a group, current or past. */
  static byte[] groupMember(GroupMember m) {
    return Bytes.write(
        out -> {
          out.writeByte(V1);
          out.writeByte(m.role().ordinal());
          out.writeInt(m.periods().size());
          for (MemberPeriod p : m.periods()) {
            out.writeLong(p.from());
            out.writeLong(p.until());
          }
        });
  }

  static GroupMember groupMember(String user, byte[] value) {
    try (DataInputStream in = in(value)) {
      in.readByte();
      GroupRole role = GroupRole.values()[in.readByte()];
      int n = in.readInt();
      List<MemberPeriod> periods = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        periods.add(new MemberPeriod(in.readLong(), in.readLong()));
      }
      return new GroupMember(user, role, periods);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] feedGroupReceipt(GroupTicks r) {
    return Bytes.write(
        out -> {
          out.writeByte(FEED_GROUP_RECEIPT);
          out.writeUTF(r.conv());
          out.writeLong(r.delivered());
          out.writeLong(r.read());
        });
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

  static byte[] feedReceipt(ReceiptMoved r) {
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
  record FeedValue(ConversationEvent receipt, String conv, long seq) {}

  static FeedValue feed(byte[] value) {
    try (DataInputStream in = in(value)) {
      byte kind = in.readByte();
      if (kind == FEED_MESSAGE) {
        return new FeedValue(null, in.readUTF(), in.readLong());
      }
      if (kind == FEED_GROUP_RECEIPT) {
        GroupTicks g = new GroupTicks(in.readUTF(), in.readLong(), in.readLong());
        return new FeedValue(g, g.conv(), 0);
      }
      ReceiptMoved r = new ReceiptMoved(in.readUTF(), in.readUTF(), in.readLong(), in.readLong());
      return new FeedValue(r, r.conv(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataInputStream in(byte[] value) {
    return new DataInputStream(new ByteArrayInputStream(value));
  }
}
