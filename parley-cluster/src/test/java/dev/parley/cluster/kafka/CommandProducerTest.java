package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.log.LogUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway's hand-off to Kafka: ordered, acknowledged, and never blocking its callers. */
class CommandProducerTest {

  private static ProducerRecord<String, byte[]> record(int i) {
    return new ProducerRecord<>("commands", "conv" + (i % 3), new byte[] {(byte) i});
  }

  @Test
  void commandsReachTheProducerInTheOrderQueuedAndCompleteWhenAcknowledged() {
    MockProducer<String, byte[]> kafka =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    try (CommandProducer commands = new CommandProducer(kafka, 100, "test-producer")) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        acks.add(commands.send(record(i)));
      }
      await().until(() -> acks.stream().allMatch(CompletableFuture::isDone));
      assertThat(acks).noneMatch(CompletableFuture::isCompletedExceptionally);
      assertThat(kafka.history()).extracting(r -> (int) r.value()[0]).isSorted().hasSize(50);
    }
  }

  @Test
  @Timeout(60)
  void aCommandRefusedForNowIsHandedAgainBeforeAnyCommandQueuedBehindIt() {
    AtomicInteger refusals = new AtomicInteger(3);
    MockProducer<String, byte[]> flaky =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<String, byte[]> r, Callback callback) {
            if (r.value()[0] == 1 && refusals.getAndDecrement() > 0) {
              // As KafkaProducer reports a topic's metadata not known within max.block.ms.
              TimeoutException e = new TimeoutException("metadata not known in time");
              callback.onCompletion(null, e);
              return CompletableFuture.failedFuture(e);
            }
            return super.send(r, callback);
          }
        };
    try (CommandProducer commands = new CommandProducer(flaky, 100, "test-producer")) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        acks.add(commands.send(record(i)));
      }
      await().until(() -> acks.stream().allMatch(CompletableFuture::isDone));
      assertThat(acks).noneMatch(CompletableFuture::isCompletedExceptionally);
      assertThat(flaky.history())
          .extracting(r -> (int) r.value()[0])
          .containsExactly(0, 1, 2, 3, 4, 5);
    }
  }

  @Test
  @Timeout(60)
  void aProducerStuckOnMetadataNeitherBlocksCallersNorGrowsWithoutBound() throws Exception {
    CountDownLatch kafkaBack = new CountDownLatch(1);
    CountDownLatch sending = new CountDownLatch(1);
    MockProducer<String, byte[]> stuck =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<String, byte[]> r, Callback callback) {
            sending.countDown();
            try {
              kafkaBack.await(); // as KafkaProducer.send waits for a topic's metadata
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.send(r, callback);
          }
        };
    CommandProducer commands = new CommandProducer(stuck, 10, "test-producer");
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    // One taken by the stuck thread, ten queued, the rest refused at once: every call returns.
    acks.add(commands.send(record(0)));
    sending.await();
    for (int i = 1; i < 20; i++) {
      acks.add(commands.send(record(i)));
    }
    await().until(() -> acks.stream().filter(CompletableFuture::isDone).count() >= 9);
    assertThat(acks.stream().filter(CompletableFuture::isCompletedExceptionally))
        .allSatisfy(
            f ->
                assertThat(f.handle((ok, e) -> e.getCause() != null ? e.getCause() : e).get())
                    .isInstanceOfSatisfying(
                        LogUnavailableException.class, u -> assertThat(u.overloaded()).isTrue()));
    kafkaBack.countDown();
    await().until(() -> acks.stream().allMatch(CompletableFuture::isDone));
    assertThat(acks.stream().filter(f -> !f.isCompletedExceptionally())).hasSize(11);
    commands.close();
  }
}
