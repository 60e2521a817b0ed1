package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.cluster.ClusterSettings;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.AppendUnconfirmedException;
import dev.parley.core.log.NewMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * On real Kafka and Cassandra: a client that got no answer in time and sends again (the same id,
 * body and {@code after}) puts no second copy of its message on the commands topic while the first
 * is still unanswered, and gets the first one's answer once a sequencer runs.
 */
class UnansweredSendRetryTest {
  private final ConversationId conv = ConversationId.direct("alice", "bob");

  @Test
  void retriesOfASendWhoseAnswerTimedOutJoinItInsteadOfAddingCopiesToTheLog() {
    try (KafkaLogFixture fixture =
        new KafkaLogFixture(List.of("alice", "bob")).replyTimeout(Duration.ofSeconds(2))) {
      // Not started: nothing sequences, as when the conversation's sequencer is far behind.
      KafkaConversationLog log = fixture.open();
      NewMessage m = new NewMessage(conv, "alice", "alice-phone", UUID.randomUUID(), "hi", 0L);

      assertThatThrownBy(() -> log.append(m).join())
          .hasCauseInstanceOf(AppendUnconfirmedException.class);
      assertThatThrownBy(() -> log.append(m).join())
          .hasCauseInstanceOf(AppendUnconfirmedException.class);
      log.append(m);

      await().untilAsserted(() -> assertThat(commandsOf(fixture.settings())).hasSize(1));
      assertThat(fixture.meters.counter("parley.send.retries.joined").count()).isEqualTo(2);
    }
  }

  @Test
  void aRetryJoiningAnUnansweredSendGetsItsSeqWhenTheSequencerCatchesUp() {
    try (KafkaLogFixture fixture = new KafkaLogFixture(List.of("alice", "bob"))) {
      KafkaConversationLog log = fixture.open();
      NewMessage m = new NewMessage(conv, "alice", "alice-phone", UUID.randomUUID(), "hi", 0L);
      CompletableFuture<AppendResult> first = log.append(m);
      CompletableFuture<AppendResult> retry = log.append(m);
      log.start();

      assertThat(first.join())
          .extracting(AppendResult::seq, AppendResult::duplicate)
          .containsExactly(1L, false);
      assertThat(retry.join())
          .extracting(AppendResult::seq, AppendResult::duplicate)
          .containsExactly(1L, true);
      assertThat(commandsOf(fixture.settings())).hasSize(1);
    }
  }

  /** The commands for {@code conv} on the commands topic, read from the beginning. */
  private List<ConsumerRecord<String, String>> commandsOf(ClusterSettings settings) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(settings.commandsTopic()).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out.stream().filter(r -> conv.value().equals(r.key())).toList();
    }
  }
}
