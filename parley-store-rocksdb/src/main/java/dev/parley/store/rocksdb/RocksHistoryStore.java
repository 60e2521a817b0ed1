package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.messaging.MessagingException;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FeedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
  public List<FeedEvent.Message> messagesBefore(ConversationId conv, long beforeSeq, int limit) {
    byte[] prefix = Bytes.prefix(conv.value());
    List<FeedEvent.Message> out = new ArrayList<>(limit);
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

  @Override
  public RecentPage recent(String userId, String pageToken, int limit) {
    byte[] prefix = Bytes.prefix(userId);
    byte[] start = prefix;
    if (pageToken != null) {
      byte[] after = decodeToken(pageToken);
      start = Arrays.copyOf(prefix, prefix.length + after.length + 1);
      System.arraycopy(after, 0, start, prefix.length, after.length);
    }
    List<ConversationId> out = new ArrayList<>(limit);
    byte[] lastSuffix = null;
    boolean more = false;
    try (RocksIterator it = store.db().newIterator(store.inbox)) {
      for (it.seek(start); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (!Bytes.startsWith(key, prefix)) {
          break;
        }
        if (out.size() == limit) {
          more = true;
          break;
        }
        String conv =
            new String(
                key, prefix.length + 8, key.length - prefix.length - 8, StandardCharsets.UTF_8);
        ConversationId.parse(conv).ifPresent(out::add);
        lastSuffix = Arrays.copyOfRange(key, prefix.length, key.length);
      }
    }
    return new RecentPage(
        out, more && lastSuffix != null ? HexFormat.of().formatHex(lastSuffix) : null);
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
          ErrorCode.INVALID_FRAME, "'before' is not a page token from this server");
    }
  }
}
