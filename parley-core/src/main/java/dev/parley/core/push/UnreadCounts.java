package dev.parley.core.push;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.GroupStore;
import dev.parley.core.messaging.HistoryStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many messages from others a user has not read in a conversation, for the count a notification
 * shows. Read from the store once, then counted up in memory with each message and forgotten when
 * the user reads, so a busy conversation costs one store read per read, not per message. Confined
 * to the push thread.
 */
final class UnreadCounts {
  static final int CAP = 999;
  private static final int REMEMBERED = 100_000;

  private final HistoryStore history;
  private final GroupStore groups;
  private final Map<Key, Integer> counts =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Integer> eldest) {
          return size() > REMEMBERED;
        }
      };

  UnreadCounts(HistoryStore history, GroupStore groups) {
    this.history = history;
    this.groups = groups;
  }

  /** The count once a new message from someone else is committed (and counted by the store). */
  int afterMessage(String userId, ConversationId conv) {
    Key key = new Key(userId, conv.value());
    Integer known = counts.get(key);
    int now = known == null ? fromStore(userId, conv) : Math.min(CAP, known + 1);
    counts.put(key, now);
    return now;
  }

  void read(String userId, String conv) {
    counts.remove(new Key(userId, conv));
  }

  /** Forgets every count of the user (rare: its last push registration went). */
  void forget(String userId) {
    counts.keySet().removeIf(k -> k.userId().equals(userId));
  }

  private int fromStore(String userId, ConversationId conv) {
    long after;
    if (conv.isGroup()) {
      GroupMember member = groups.member(conv, userId).orElse(null);
      long since = member == null ? 1 : member.since();
      after = Math.max(groups.position(conv, userId).read(), since - 1);
    } else {
      after = history.conversation(conv).map(s -> s.position(userId).read()).orElse(0L);
    }
    return Math.max(1, history.countFromOthersAfter(conv, userId, after, CAP));
  }

  private record Key(String userId, String conv) {}
}
