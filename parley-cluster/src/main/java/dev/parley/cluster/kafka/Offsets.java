package dev.parley.cluster.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The two offset moves both consumer loops make. */
final class Offsets {
  private Offsets() {}

  /** The offsets to commit after {@code records}: one past the last record of each partition. */
  static Map<TopicPartition, OffsetAndMetadata> after(ConsumerRecords<?, ?> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      List<? extends ConsumerRecord<?, ?>> part = records.records(tp);
      offsets.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** After a failed batch: back to the last committed offset of every assigned partition. */
  static void rewindToCommitted(Consumer<?, ?> consumer) {
    Set<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
    for (TopicPartition tp : assigned) {
      OffsetAndMetadata at = committed.get(tp);
      if (at != null) {
        consumer.seek(tp, at);
      } else {
        consumer.seekToBeginning(List.of(tp));
      }
    }
  }
}
