package dev.parley.cluster.kafka;

import dev.parley.cluster.SequencerReply;
import dev.parley.cluster.cassandra.SequencedWrite;
import dev.parley.core.event.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What applying one poll's commands produced: rows to write, feed records to publish, answers to
 * send.
 */
final class BatchOutput {
  final List<SequencedWrite> writes = new ArrayList<>();
  final List<UserRecord> feed = new ArrayList<>();
  final List<StreamRecord> streams = new ArrayList<>();
  final List<AddressedReply> replies = new ArrayList<>();
  final List<StoredMessage> newMessages = new ArrayList<>();

  /** Where in {@link #feed} the newest records of each {@link #supersede} key are. */
  private final Map<String, List<Integer>> latest = new HashMap<>();

  record UserRecord(String user, FeedRecord record) {}

  /** A group's record for the members in one feed partition. */
  record StreamRecord(int partition, FeedRecord record) {}

  record AddressedReply(String node, SequencerReply reply) {}

  /** The answers by the node waiting for them, each node's in the batch's order. */
  Map<String, List<SequencerReply>> repliesByNode() {
    Map<String, List<SequencerReply>> byNode = new LinkedHashMap<>();
    for (AddressedReply r : replies) {
      byNode.computeIfAbsent(r.node(), n -> new ArrayList<>()).add(r.reply());
    }
    return byNode;
  }

  /**
   * Adds records that replace those added under the same {@code key} earlier in this batch: a
   * receipt event carries absolute positions, so only the newest of a batch needs publishing, and
   * it goes where the newest was caused (never before a message it covers). If the replaced records
   * came from another device, no device is skipped for the live copy ({@code origin} null): each
   * must see what the others reported.
   */
  void supersede(String key, List<UserRecord> records) {
    List<Integer> before = latest.get(key);
    boolean sameOrigin = true;
    if (before != null) {
      String origin = records.isEmpty() ? null : records.get(0).record().origin();
      for (int i : before) {
        sameOrigin &= Objects.equals(feed.get(i).record().origin(), origin);
        feed.set(i, null);
      }
    }
    List<Integer> now = new ArrayList<>(records.size());
    for (UserRecord r : records) {
      now.add(feed.size());
      feed.add(sameOrigin ? r : new UserRecord(r.user(), new FeedRecord(r.record().event(), null)));
    }
    latest.put(key, now);
  }

  /** Drops the replaced records; call once, when the batch is complete. */
  BatchOutput compact() {
    if (!latest.isEmpty()) {
      feed.removeIf(Objects::isNull);
      latest.clear();
    }
    return this;
  }
}
