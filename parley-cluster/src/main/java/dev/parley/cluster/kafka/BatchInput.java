package dev.parley.cluster.kafka;

import dev.parley.core.conversation.ConversationId;

/**
 * One command of a sequencer batch with where it sits in its partition. Not a record on purpose:
 * identity matters, since the batch's reads are kept in maps keyed by the input they belong to.
 */
final class BatchInput {
  final int partition;
  final long offset;
  final long timestamp;
  final ConversationId conv;
  final Command command;

  BatchInput(int partition, long offset, long timestamp, ConversationId conv, Command command) {
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.conv = conv;
    this.command = command;
  }
}
