package dev.parley.cluster.kafka;

import dev.parley.core.event.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The sequencer's open Kafka transaction, which may span several batches: what it will commit (the
 * offsets after its last batch, the messages to cache once they are visible) and when it is due.
 *
 * <p>A transaction costs Kafka the same requests whatever it carries (adding partitions, the offset
 * commit, ending it, a marker per partition), and the sequencer used to begin one per batch: below
 * saturation that is a transaction per command or two, and it was most of what a message cost
 * (docs/benchmarks.md). Keeping one open for up to {@code interval} lets the batches of that time
 * share it. Only delivery waits for the commit: a batch's rows are written and its senders answered
 * before, as they were. A sequencer that is behind commits after every batch ({@code Sequencer}).
 */
final class TransactionWindow {
  private final long dueAt;
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
  private final List<StoredMessage> newMessages = new ArrayList<>();
  private int commands;

  /** A transaction begun at {@code openedAtNanos}, due {@code interval} later. */
  TransactionWindow(long openedAtNanos, Duration interval) {
    this.dueAt = openedAtNanos + interval.toNanos();
  }

  /** A batch published into this transaction; its offsets replace those of earlier batches. */
  void add(
      Map<TopicPartition, OffsetAndMetadata> batchOffsets, List<StoredMessage> messages, int n) {
    offsets.putAll(batchOffsets);
    newMessages.addAll(messages);
    commands += n;
  }

  /** Whether it should be committed now: it has been open for the interval or longer. */
  boolean due(long nowNanos) {
    return nowNanos - dueAt >= 0;
  }

  /** How long until it is due, at least 1 ms (a poll of 0 would spin). */
  Duration untilDue(long nowNanos) {
    long left = dueAt - nowNanos;
    return Duration.ofMillis(Math.max(1, (left + 999_999) / 1_000_000));
  }

  Map<TopicPartition, OffsetAndMetadata> offsets() {
    return offsets;
  }

  List<StoredMessage> newMessages() {
    return newMessages;
  }

  int commands() {
    return commands;
  }
}
