package dev.parley.cluster.kafka;

import dev.parley.cluster.FeedPartitions;
import dev.parley.cluster.cassandra.StoredGroup;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.GroupReceipts;
import dev.parley.core.group.GroupRoster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a group's sequencer keeps while it owns the group's partition: the roster and receipts (the
 * core's {@link GroupRoster} and {@link GroupReceipts}, the same rules as embedded), the positions
 * last announced to senders, the senders of the newest messages, and which members' rows the
 * current batch changed. Loaded once from the {@code group_members} partition; dropped with the
 * sequencer's cache.
 */
final class SequencedGroup {
  /** Newest messages whose senders a group-wide receipt is sent to, at most (as embedded). */
  static final int MAX_COVERED = 1_000;

  final GroupRoster roster;
  final GroupReceipts receipts = new GroupReceipts();
  final String creator;
  final long createdTs;
  GroupReceipts.Aggregate announced;

  /** Every member's positions, current or past (a re-added member starts from theirs). */
  private final Map<String, ReceiptPosition> positions = new HashMap<>();

  /** Senders of the messages applied since the group was loaded, newest {@value #MAX_COVERED}. */
  private final TreeMap<Long, String> recentSenders = new TreeMap<>();

  private final Set<String> changedRows = new LinkedHashSet<>();
  private final Set<String> changedMemberships = new LinkedHashSet<>();
  private boolean headerChanged;
  private Map<Integer, List<String>> byPartition;

  SequencedGroup(GroupRoster roster, String creator, long createdTs, GroupReceipts.Aggregate a) {
    this.roster = roster;
    this.creator = creator;
    this.createdTs = createdTs;
    this.announced = a;
  }

  static SequencedGroup load(StoredGroup stored, GroupLimits limits) {
    List<GroupMember> everyone = new ArrayList<>(stored.members().size());
    for (StoredGroup.Member m : stored.members()) {
      everyone.add(m.member());
    }
    StoredGroup.Header h = stored.header();
    SequencedGroup g =
        new SequencedGroup(
            GroupRoster.of(limits, h.title(), everyone),
            h.creator(),
            h.createdTs(),
            new GroupReceipts.Aggregate(h.allDelivered(), h.allRead()));
    for (StoredGroup.Member m : stored.members()) {
      g.positions.put(m.member().user(), m.position());
      if (m.member().current()) {
        long since = m.member().since();
        g.receipts.track(m.member().user(), m.position().advance(since, since));
      }
    }
    return g;
  }

  /** A member joined (or came back) at {@code seq}: their positions start there. */
  void joined(String user, long seq) {
    ReceiptPosition p = positions.getOrDefault(user, ReceiptPosition.NONE).advance(seq, seq);
    receipts.track(user, p);
    positions.put(user, p);
    changedRows.add(user);
    changedMemberships.add(user);
    byPartition = null;
  }

  void left(String user) {
    receipts.untrack(user);
    changedRows.add(user);
    changedMemberships.add(user);
    byPartition = null;
  }

  /** The member's row changed (role or positions). */
  void touched(String user) {
    positions.put(user, receipts.tracks(user) ? receipts.position(user) : position(user));
    changedRows.add(user);
  }

  void headerChanged() {
    headerChanged = true;
  }

  ReceiptPosition position(String user) {
    return positions.getOrDefault(user, ReceiptPosition.NONE);
  }

  void sent(long seq, String sender) {
    recentSenders.put(seq, sender);
    if (recentSenders.size() > MAX_COVERED) {
      recentSenders.pollFirstEntry();
    }
  }

  /** Senders of {@code (after, upTo]} known in memory, and the lowest seq memory covers. */
  long lowestKnown() {
    return recentSenders.isEmpty() ? Long.MAX_VALUE : recentSenders.firstKey();
  }

  List<String> knownSendersBetween(long after, long upTo) {
    return new ArrayList<>(recentSenders.subMap(after, false, upTo, true).descendingMap().values());
  }

  /** Current members by feed partition: where the group's records go. Cached until it changes. */
  Map<Integer, List<String>> membersByPartition(FeedPartitions partitions) {
    if (byPartition == null) {
      Map<Integer, List<String>> map = new TreeMap<>();
      for (String user : roster.currentMembers()) {
        map.computeIfAbsent(partitions.of(user), p -> new ArrayList<>()).add(user);
      }
      byPartition = map;
    }
    return byPartition;
  }

  boolean dirty() {
    return headerChanged || !changedRows.isEmpty();
  }

  /** The rows this batch changed, and forgets them. */
  SequencedWriteParts drain(ConversationState state, long appliedOffset) {
    StoredGroup.Header header =
        new StoredGroup.Header(
            roster.title(),
            creator,
            createdTs,
            roster.size(),
            announced.delivered(),
            announced.read(),
            state.lastSeq(),
            state.lastTs(),
            state.lastActivity(),
            appliedOffset);
    List<StoredGroup.Member> rows = new ArrayList<>(changedRows.size());
    for (String user : changedRows) {
      roster.member(user).ifPresent(m -> rows.add(new StoredGroup.Member(m, position(user))));
    }
    List<GroupMember> memberships = new ArrayList<>(changedMemberships.size());
    for (String user : changedMemberships) {
      roster.member(user).ifPresent(memberships::add);
    }
    changedRows.clear();
    changedMemberships.clear();
    headerChanged = false;
    return new SequencedWriteParts(header, rows, memberships);
  }

  record SequencedWriteParts(
      StoredGroup.Header header, List<StoredGroup.Member> rows, List<GroupMember> memberships) {}
}
