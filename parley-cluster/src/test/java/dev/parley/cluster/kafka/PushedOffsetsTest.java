package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PushedOffsetsTest {
  private static final TopicPartition P0 = new TopicPartition("feed", 0);
  private static final TopicPartition P1 = new TopicPartition("feed", 1);

  private final PushedOffsets offsets = new PushedOffsets();

  @Test
  void aBatchIsCommittableOnlyOnceItsPushesHaveLeft() {
    CompletableFuture<Void> pushed = new CompletableFuture<>();
    offsets.written(Map.of(P0, 10L), pushed);

    assertThat(offsets.moved()).isEmpty();

    pushed.complete(null);
    assertThat(offsets.moved()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void batchesAreConfirmedInTheOrderTheyWereWritten() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    offsets.written(Map.of(P0, 10L), first);
    offsets.written(Map.of(P0, 20L, P1, 5L), CompletableFuture.completedFuture(null));

    // The later batch's pushes left, but a successor replays from one offset on: it waits.
    assertThat(offsets.moved()).isEmpty();
    assertThat(offsets.unconfirmed()).isEqualTo(2);

    first.completeExceptionally(new IllegalStateException("Redis did not answer"));
    assertThat(offsets.moved())
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(20), P1, new OffsetAndMetadata(5)));
    assertThat(offsets.unconfirmed()).isZero();
  }

  @Test
  void onlyPositionsThatMovedAreHandedOutAgain() {
    offsets.written(Map.of(P0, 10L, P1, 3L), CompletableFuture.completedFuture(null));
    assertThat(offsets.moved()).hasSize(2);

    offsets.written(Map.of(P1, 4L), CompletableFuture.completedFuture(null));
    assertThat(offsets.moved()).isEqualTo(Map.of(P1, new OffsetAndMetadata(4)));
    assertThat(offsets.moved()).isEmpty();
  }

  @Test
  void partitionsThatLeftAreNotCommittedHere() {
    CompletableFuture<Void> pushed = new CompletableFuture<>();
    offsets.written(Map.of(P0, 10L, P1, 7L), pushed);

    offsets.forget(List.of(P1));
    pushed.complete(null);

    assertThat(offsets.moved()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
  }
}
