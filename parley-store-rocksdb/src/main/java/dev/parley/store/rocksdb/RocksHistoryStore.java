package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.messaging.MessagingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * History and the conversation list on RocksDB: range scans of {@code messages} and {@code inbox}.
 */
final class RocksHistoryStore implements HistoryStore {
  private final RocksStore store;

  RocksHistoryStore(RocksStore store) {
    this.store = store;
  }

  @Override
  public List<StoredMessage> messagesBefore(ConversationId conv, long beforeSeq, int limit) {
    byte[] prefix = Bytes.prefix(conv.value());
    List<StoredMessage> out = new ArrayList<>(limit);
    try (RocksIterator it = store.db().newIterator(store.messages)) {
      for (it.seekForPrev(Bytes.withLong(conv.value(), beforeSeq - 1));
          it.isValid() && out.size() < limit;
          it.prev()) {
        byte[] key = it.key();
        if (!Bytes.startsWith(key, prefix)) {
          break;
        }
        out.add(Records.message(conv.value(), Bytes.longAt(key, prefix.length), it.value()));
      }
    }
    Collections.reverse(out);
    return out;
  }

  @Override
  public Optional<ConversationState> conversation(ConversationId conv) {
    try {
      return Optional.ofNullable(StoredConversation.read(store, conv))
          .map(StoredConversation::state);
    } catch (RocksDBException e) {
      throw new IllegalStateException("conversation read failed", e);
    }
  }

  /**
   * The user's 1:1 conversations (inbox rows, moved on every message) merged with their groups
   * (ordered by each group's last activity, known in memory: a group message moves no per-member
   * row). Both are ordered by the same key, {@code (Long.MAX_VALUE - activity, conv)}, which the
   * page token carries.
   */
  @Override
  public RecentPage recent(String userId, String pageToken, int limit) {
    byte[] after = pageToken == null ? null : decodeToken(pageToken);
    TreeMap<byte[], ConversationId> candidates = new TreeMap<>(Arrays::compareUnsigned);
    readInbox(userId, after, limit + 1, candidates);
    for (ConversationId group : store.groupStore().groupsOf(userId)) {
      long activity = groupActivity(group);
      if (activity > 0) {
        byte[] suffix = suffix(activity, group.value());
        if (after == null || Arrays.compareUnsigned(suffix, after) > 0) {
          candidates.put(suffix, group);
          if (candidates.size() > limit + 1) {
            candidates.pollLastEntry();
          }
        }
      }
    }
    List<ConversationId> out = new ArrayList<>(limit);
    byte[] lastSuffix = null;
    for (var e : candidates.entrySet()) {
      if (out.size() == limit) {
        break;
      }
      out.add(e.getValue());
      lastSuffix = e.getKey();
    }
    boolean more = candidates.size() > limit;
    return new RecentPage(out, more ? HexFormat.of().formatHex(lastSuffix) : null);
  }

  private void readInbox(
      String userId, byte[] after, int max, TreeMap<byte[], ConversationId> candidates) {
    byte[] prefix = Bytes.prefix(userId);
    byte[] start = prefix;
    if (after != null) {
      start = Arrays.copyOf(prefix, prefix.length + after.length + 1);
      System.arraycopy(after, 0, start, prefix.length, after.length);
    }
    try (RocksIterator it = store.db().newIterator(store.inbox)) {
      for (it.seek(start); it.isValid() && candidates.size() < max; it.next()) {
        byte[] key = it.key();
        if (!Bytes.startsWith(key, prefix)) {
          break;
        }
        byte[] suffix = Arrays.copyOfRange(key, prefix.length, key.length);
        if (after != null && Arrays.equals(suffix, after)) {
          continue;
        }
        String conv =
            new String(
                key, prefix.length + 8, key.length - prefix.length - 8, StandardCharsets.UTF_8);
        ConversationId.parse(conv).ifPresent(c -> candidates.put(suffix, c));
      }
    }
  }

  private long groupActivity(ConversationId group) {
    long known = store.streams().activity(group.value());
    if (known > 0) {
      return known;
    }
    long stored = conversation(group).map(ConversationState::lastActivity).orElse(0L);
    if (stored > 0) {
      store.streams().touched(group.value(), stored);
    }
    return stored;
  }

  private static byte[] suffix(long activity, String conv) {
    byte[] c = Bytes.utf8(conv);
    return ByteBuffer.allocate(8 + c.length).putLong(Long.MAX_VALUE - activity).put(c).array();
  }

  @Override
  public int countFromOthersAfter(ConversationId conv, String userId, long afterSeq, int cap) {
    byte[] prefix = Bytes.prefix(conv.value());
    int count = 0;
    try (RocksIterator it = store.db().newIterator(store.messages)) {
      for (it.seek(Bytes.withLong(conv.value(), afterSeq + 1));
          it.isValid() && count < cap;
          it.next()) {
        if (!Bytes.startsWith(it.key(), prefix)) {
          break;
        }
        if (!Records.messageSender(it.value()).equals(userId)) {
          count++;
        }
      }
    }
    return count;
  }

  private static byte[] decodeToken(String token) {
    try {
      return HexFormat.of().parseHex(token);
    } catch (IllegalArgumentException e) {
      throw new MessagingException(
          MessagingException.Reason.INVALID_REQUEST,
          "'before' is not a page token from this server");
    }
  }
}
