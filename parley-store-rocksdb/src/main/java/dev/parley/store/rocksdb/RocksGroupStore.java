package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.GroupStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Groups on RocksDB: the header under {@code conv} and each member under {@code conv 0x00 user} in
 * the {@code groups} family, the user's groups under {@code user 0x00 conv} in {@code usergroups};
 * receipt positions share the conversations family with 1:1 chats (see the package doc).
 */
final class RocksGroupStore implements GroupStore {
  private final RocksStore store;

  RocksGroupStore(RocksStore store) {
    this.store = store;
  }

  @Override
  public Optional<GroupHeader> header(ConversationId conv) {
    return storedHeader(conv).map(Records.StoredHeader::header);
  }

  Optional<Records.StoredHeader> storedHeader(ConversationId conv) {
    byte[] v = get(store.groups, Bytes.utf8(conv.value()));
    return v == null ? Optional.empty() : Optional.of(Records.groupHeader(v));
  }

  @Override
  public Optional<GroupMember> member(ConversationId conv, String user) {
    byte[] v = get(store.groups, Records.receiptKey(conv.value(), user));
    return v == null ? Optional.empty() : Optional.of(Records.groupMember(user, v));
  }

  @Override
  public List<GroupMember> members(ConversationId conv, String afterUser, int limit) {
    return scan(conv, afterUser, limit, true);
  }

  /** Every member, current or past (what the group's writer loads). */
  List<GroupMember> everyone(ConversationId conv) {
    return scan(conv, null, Integer.MAX_VALUE, false);
  }

  private List<GroupMember> scan(
      ConversationId conv, String afterUser, int limit, boolean currentOnly) {
    byte[] prefix = Bytes.prefix(conv.value());
    List<GroupMember> page = new ArrayList<>(Math.min(limit, 1_024));
    try (RocksIterator it = store.db().newIterator(store.groups)) {
      byte[] start = afterUser == null ? prefix : Records.receiptKey(conv.value(), afterUser);
      for (it.seek(start);
          it.isValid() && Bytes.startsWith(it.key(), prefix) && page.size() < limit;
          it.next()) {
        byte[] key = it.key();
        String user = Bytes.string(key, prefix.length, key.length - prefix.length);
        if (user.equals(afterUser)) {
          continue;
        }
        GroupMember m = Records.groupMember(user, it.value());
        if (m.current() || !currentOnly) {
          page.add(m);
        }
      }
    }
    return page;
  }

  @Override
  public ReceiptPosition position(ConversationId conv, String user) {
    byte[] v = get(store.conversations, Records.receiptKey(conv.value(), user));
    return v == null ? ReceiptPosition.NONE : Records.receipt(v);
  }

  @Override
  public List<ConversationId> groupsOf(String user) {
    byte[] prefix = Bytes.prefix(user);
    List<ConversationId> groups = new ArrayList<>();
    try (RocksIterator it = store.db().newIterator(store.usergroups)) {
      for (it.seek(prefix); it.isValid() && Bytes.startsWith(it.key(), prefix); it.next()) {
        byte[] key = it.key();
        ConversationId.parse(Bytes.string(key, prefix.length, key.length - prefix.length))
            .ifPresent(groups::add);
      }
    }
    return groups;
  }

  private byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return store.db().get(family, key);
    } catch (RocksDBException e) {
      throw new IllegalStateException("group read failed", e);
    }
  }
}
