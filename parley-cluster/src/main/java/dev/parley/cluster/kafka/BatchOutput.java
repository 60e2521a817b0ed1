package dev.parley.cluster.kafka;

import dev.parley.cluster.SequencerReply;
import dev.parley.cluster.cassandra.SequencedWrite;
import dev.parley.core.event.StoredMessage;
import java.util.ArrayList;
import java.util.List;

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

  record UserRecord(String user, FeedRecord record) {}

  /** A group's record for the members in one feed partition. */
  record StreamRecord(int partition, FeedRecord record) {}

  record AddressedReply(String node, SequencerReply reply) {}
}
