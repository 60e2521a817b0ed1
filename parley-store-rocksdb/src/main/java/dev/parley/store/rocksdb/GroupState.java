package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.GroupReceipts;
import dev.parley.core.group.GroupRoster;
import dev.parley.core.group.GroupStore.GroupHeader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * What a group's sequencer shard keeps in memory: the roster, every current member's receipt
 * positions with the group-wide minimum, the creator, and the last group-wide positions announced
 * to senders. Loaded once from disk (every member row and their receipt rows); owned by the shard's
 * thread.
 */
final class GroupState {
  final GroupRoster roster;
  final GroupReceipts receipts = new GroupReceipts();
  final String creator;

  /** The group-wide positions last written (header) and sent to senders. */
  GroupReceipts.Aggregate announced;

  /** The group-wide receipt write still queued, which a newer aggregate may merge into. */
  GroupReceiptWrite pendingAggregate;

  GroupState(GroupRoster roster, String creator, GroupReceipts.Aggregate announced) {
    this.roster = roster;
    this.creator = creator;
    this.announced = announced;
  }

  /** The stored group, or null if there is none. */
  static GroupState load(RocksStore store, ConversationId conv, GroupLimits limits)
      throws RocksDBException {
    Records.StoredHeader header =
        ((RocksGroupStore) store.groupStore()).storedHeader(conv).orElse(null);
    if (header == null) {
      return null;
    }
    List<GroupMember> everyone = ((RocksGroupStore) store.groupStore()).everyone(conv);
    GroupState state =
        new GroupState(
            GroupRoster.of(limits, header.header().title(), everyone),
            header.creator(),
            new GroupReceipts.Aggregate(header.header().allDelivered(), header.header().allRead()));
    List<String> current = state.roster.currentMembers();
    List<byte[]> keys = new ArrayList<>(current.size());
    for (String user : current) {
      keys.add(Records.receiptKey(conv.value(), user));
    }
    List<ColumnFamilyHandle> families = Collections.nCopies(keys.size(), store.conversations);
    List<byte[]> values = keys.isEmpty() ? List.of() : store.db().multiGetAsList(families, keys);
    for (int i = 0; i < current.size(); i++) {
      String user = current.get(i);
      long since = state.roster.member(user).orElseThrow().since();
      state.receipts.track(user, startingAt(values.get(i), since));
    }
    return state;
  }

  /**
   * A member's positions, never below the seq they (re)joined at: the messages before are not
   * theirs to receive, and must not hold the group-wide ticks back.
   */
  static ReceiptPosition startingAt(byte[] stored, long since) {
    ReceiptPosition p = stored == null ? ReceiptPosition.NONE : Records.receipt(stored);
    return p.advance(since, since);
  }

  GroupHeader header() {
    GroupReceipts.Aggregate a = receipts.aggregate();
    return new GroupHeader(roster.title(), roster.size(), a.delivered(), a.read());
  }
}
