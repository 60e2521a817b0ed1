package dev.parley.cluster.kafka;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The feed writer's consumer positions that may be committed: those of the batches whose live
 * pushes have left. A successor starts at the committed offsets and pushes again only what comes
 * after them, so committing a batch whose pushes were still queued in this node when it died would
 * leave its events stored but never pushed: a device that stayed connected elsewhere would not see
 * them until it reconnected. Batches are confirmed in the order they were written, since a
 * successor replays a partition from one offset on. Confined to the feed writer's thread.
 */
final class PushedOffsets {
  private record Written(Map<TopicPartition, Long> positions, CompletableFuture<?> pushed) {}

  private final ArrayDeque<Written> unconfirmed = new ArrayDeque<>();
  private final Map<TopicPartition, Long> confirmed = new HashMap<>();
  private final Map<TopicPartition, Long> handedOut = new HashMap<>();

  /**
   * A batch was written and its pushes handed over: {@code positions} (the consumer's, after the
   * batch) may be committed once {@code pushed} completes, whether it succeeded or not (a node that
   * lost its Redis connection re-reads its sessions' feeds when it is back).
   */
  void written(Map<TopicPartition, Long> positions, CompletableFuture<?> pushed) {
    unconfirmed.add(new Written(new HashMap<>(positions), pushed));
    confirmDone();
  }

  /**
   * The confirmed positions that moved since the last call: what to commit now. A quiet writer
   * commits nothing; a commit that fails is covered by the next one that moves the partition, and
   * until then a successor only pushes a little more again.
   */
  Map<TopicPartition, OffsetAndMetadata> moved() {
    confirmDone();
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    confirmed.forEach(
        (tp, pos) -> {
          if (!pos.equals(handedOut.put(tp, pos))) {
            out.put(tp, new OffsetAndMetadata(pos));
          }
        });
    return out;
  }

  /** Partitions that left this writer: their positions are another owner's to commit. */
  void forget(Collection<TopicPartition> partitions) {
    confirmed.keySet().removeAll(partitions);
    handedOut.keySet().removeAll(partitions);
    for (Written w : unconfirmed) {
      w.positions().keySet().removeAll(partitions);
    }
  }

  /** Batches written whose pushes are not confirmed yet. */
  int unconfirmed() {
    return unconfirmed.size();
  }

  private void confirmDone() {
    while (!unconfirmed.isEmpty() && unconfirmed.peek().pushed().isDone()) {
      // A rewind after a failed batch writes lower positions again: the latest batch decides.
      confirmed.putAll(unconfirmed.poll().positions());
    }
  }
}
