package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.NewMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Owners changing on real Kafka and Cassandra while a sequencer works: the partitions it keeps keep
 * their cached conversations, so a client's retry there is still answered from memory, and a new
 * owner reads a conversation's newest keys once for the retries that are older than its load.
 */
class SequencerRebalanceTest {
  private static final List<String> USERS = List.of("aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff");
  private static final int PARTITIONS = 3;

  private final KafkaLogFixture fixture = new KafkaLogFixture(USERS);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aRebalanceKeepsTheConversationsOfThePartitionsThatStay() throws Exception {
    int retried;
    KafkaConversationLog log = fixture.open();
    log.start();
    Map<Integer, ConversationId> onePerPartition = onePerPartition();
    Map<ConversationId, NewMessage> first = new HashMap<>();
    for (ConversationId conv : onePerPartition.values()) {
      NewMessage m =
          new NewMessage(conv, conv.members().get(0), "dev", UUID.randomUUID(), "hi", 0L);
      assertThat(append(log, m).seq()).isEqualTo(1);
      first.put(conv, m);
    }

    try (KafkaConsumer<byte[], byte[]> other = secondMember()) {
      // Another node joins the sequencers' group and takes some of the partitions.
      Awaitility.await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () -> {
                other.poll(Duration.ofMillis(100));
                return !other.assignment().isEmpty();
              });
      Set<Integer> moved = new HashSet<>();
      other.assignment().forEach(tp -> moved.add(tp.partition()));
      List<ConversationId> stayed = new ArrayList<>();
      onePerPartition.forEach(
          (partition, conv) -> {
            if (!moved.contains(partition)) {
              stayed.add(conv);
            }
          });
      assertThat(stayed).isNotEmpty();

      // A retry of each first message in a partition that stayed: its key is still in memory.
      retried = stayed.size();
      for (ConversationId conv : stayed) {
        AppendResult again = append(log, first.get(conv));
        assertThat(again.seq()).isEqualTo(1);
        assertThat(again.duplicate()).isTrue();
      }
    }
    int answered = PARTITIONS + retried;
    // Counted just after each answer.
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> lookups("memory") == answered);
    assertThat(lookups("storage")).isZero();
  }

  @Test
  void aNewOwnerReadsAConversationsNewestKeysOnceForRetriesOlderThanItsLoad() throws Exception {
    ConversationId ab = ConversationId.direct("aaaa", "bbbb");
    KafkaConversationLog first = fixture.open();
    first.start();
    List<NewMessage> sent = new ArrayList<>();
    for (long after = 0; after < 3; after++) {
      NewMessage m = new NewMessage(ab, "aaaa", "a-dev", UUID.randomUUID(), "m" + after, after);
      assertThat(append(first, m).seq()).isEqualTo(after + 1);
      sent.add(m);
    }
    first.close();

    // The next owner loads the conversation at seq 3; the client sends again what it had no answer
    // for, each with the `after` it first sent it with, and a message it never got to send.
    KafkaConversationLog next = fixture.open();
    next.start();
    AppendResult retryOfFirst = append(next, sent.get(0));
    AppendResult retryOfSecond = append(next, sent.get(1));
    AppendResult fresh =
        append(next, new NewMessage(ab, "aaaa", "a-dev", UUID.randomUUID(), "m3", 0L));

    assertThat(retryOfFirst.duplicate()).isTrue();
    assertThat(retryOfFirst.seq()).isEqualTo(1);
    assertThat(retryOfSecond.duplicate()).isTrue();
    assertThat(retryOfSecond.seq()).isEqualTo(2);
    assertThat(fresh.duplicate()).isFalse();
    assertThat(fresh.seq()).isEqualTo(4);
    // One read of the newest keys, for the first retry; the rest from memory; no key read alone.
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> lookups("memory") == 2);
    assertThat(lookups("recent")).isEqualTo(1);
    assertThat(lookups("storage")).isZero();
  }

  private AppendResult append(KafkaConversationLog log, NewMessage m) throws Exception {
    return log.append(m).get(60, TimeUnit.SECONDS);
  }

  private double lookups(String answered) {
    return fixture
        .meters
        .get("parley.sequencer.key.lookups")
        .tag("answered", answered)
        .counter()
        .count();
  }

  /** A direct conversation in each partition of the commands topic, as the producer places it. */
  private static Map<Integer, ConversationId> onePerPartition() {
    Map<Integer, ConversationId> found = new HashMap<>();
    for (String a : USERS) {
      for (String b : USERS) {
        if (a.compareTo(b) < 0) {
          ConversationId conv = ConversationId.direct(a, b);
          byte[] key = conv.value().getBytes(StandardCharsets.UTF_8);
          found.putIfAbsent(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS, conv);
        }
      }
    }
    assertThat(found).hasSize(PARTITIONS);
    return found;
  }

  private KafkaConsumer<byte[], byte[]> secondMember() {
    var settings = fixture.settings();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.sequencerGroup());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(settings.commandsTopic()));
    return consumer;
  }
}
