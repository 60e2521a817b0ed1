package dev.parley.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaEngineTest {
  private static final int PARTITIONS = 6;
  private static final int CONVERSATIONS = 12;
  private static final int MESSAGES_PER_CONVERSATION = 50;

  @Test
  void recordsKeyedByConversationKeepTheirOrderAcrossPartitions() throws Exception {
    KafkaProcess kafka = Engines.kafka();
    String topic = Engines.uniqueName("messages");
    try (Admin admin = kafka.admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)))
          .all()
          .get(KafkaProcess.SET_UP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    try (KafkaProducer<String, String> producer = producer(kafka)) {
      // Interleave conversations so that order within each one is not an accident of sending in
      // blocks.
      for (int seq = 1; seq <= MESSAGES_PER_CONVERSATION; seq++) {
        for (int conv = 0; conv < CONVERSATIONS; conv++) {
          producer.send(new ProducerRecord<>(topic, "conv-" + conv, Integer.toString(seq)));
        }
      }
      producer.flush();
    }

    Map<String, List<Integer>> seqsByConversation = new HashMap<>();
    Map<String, Set<Integer>> partitionsByConversation = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  seqsByConversation
                      .computeIfAbsent(record.key(), k -> new ArrayList<>())
                      .add(Integer.parseInt(record.value()));
                  partitionsByConversation
                      .computeIfAbsent(record.key(), k -> new HashSet<>())
                      .add(record.partition());
                }
                return seqsByConversation.values().stream().mapToInt(List::size).sum()
                    >= CONVERSATIONS * MESSAGES_PER_CONVERSATION;
              });
    }

    List<Integer> expected = IntStream.rangeClosed(1, MESSAGES_PER_CONVERSATION).boxed().toList();
    assertThat(seqsByConversation).hasSize(CONVERSATIONS);
    seqsByConversation.forEach(
        (conv, seqs) -> assertThat(seqs).as(conv).containsExactlyElementsOf(expected));
    partitionsByConversation.forEach(
        (conv, partitions) -> assertThat(partitions).as(conv).hasSize(1));
    // Twelve keys over six partitions: the load must actually spread, or the test proves nothing
    // about order.
    assertThat(partitionsByConversation.values().stream().flatMap(Set::stream).distinct().count())
        .isGreaterThan(1);
  }

  @Test
  void brokerRunsTheSameKafkaVersionAsTheClients() throws Exception {
    // cluster/kafka/pom.xml pins the broker apart from the root pom's kafka.version; this keeps
    // them equal.
    String version = System.getProperty("parley.kafka.version");
    String clientJar =
        Path.of(KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .getFileName()
            .toString();
    assertThat(clientJar).isEqualTo("kafka-clients-" + version + ".jar");
    assertThat(EngineClasspath.of(ClusterDirectory.locate(), "kafka"))
        .contains("/kafka_2.13-" + version + ".jar");
  }

  private static KafkaProducer<String, String> producer(KafkaProcess kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(KafkaProcess kafka) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, Engines.uniqueName("group"));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }
}
