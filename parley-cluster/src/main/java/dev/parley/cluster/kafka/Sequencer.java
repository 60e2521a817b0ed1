package dev.parley.cluster.kafka;

import dev.parley.cluster.ClusterSettings;
import dev.parley.cluster.FeedPartitions;
import dev.parley.cluster.SequencerReply;
import dev.parley.cluster.cassandra.CassandraGroupStore;
import dev.parley.cluster.cassandra.SequencerTables;
import dev.parley.cluster.cassandra.StoredKey;
import dev.parley.core.account.AccountStore;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the command partitions this node owns (Kafka's consumer group decides
 * which). Each poll is one Kafka transaction: load the conversations' state, apply the commands in
 * offset order ({@link CommandApplier}), write messages and state to Cassandra, then publish the
 * feed records and commit the consumed offsets atomically.
 *
 * <p><b>Fencing.</b> The transaction is committed with the consumer group's metadata (KIP-447), so
 * an owner that lost its partitions in a rebalance can no longer commit: its feed records are never
 * visible and its offsets never move. Its Cassandra writes may land, but they are what the new
 * owner computes as well, and conversation state is written with the command's offset as Cassandra
 * write time, so an older state never overwrites a newer one.
 */
final class Sequencer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

  private final ClusterSettings settings;
  private final SequencerTables tables;
  private final GroupContext groupContext;
  private final SequencerReads reads;
  private final BiConsumer<String, SequencerReply> replies;
  private final Consumer<List<StoredMessage>> onNewMessages;
  private final ConversationCache cache;
  private final HotKeys hot;
  private final BatchPhases phases;
  private final BatchCounts counts;
  private final KafkaConsumer<String, byte[]> consumer;
  private KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  private volatile boolean running = true;

  Sequencer(
      ClusterSettings settings,
      SequencerTables tables,
      CassandraGroupStore groups,
      GroupLimits groupLimits,
      AccountStore accounts,
      BiConsumer<String, SequencerReply> replies,
      Consumer<List<StoredMessage>> onNewMessages,
      MeterRegistry meters) {
    this.settings = settings;
    this.cache = new ConversationCache(settings.sequencerCache());
    this.tables = tables;
    this.replies = replies;
    this.onNewMessages = onNewMessages;
    this.hot = new HotKeys(meters, "commands");
    this.phases = new BatchPhases(meters);
    this.counts = new BatchCounts(meters);
    this.consumer =
        new KafkaConsumer<>(
            consumerProps(settings), new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = newProducer();
    int feedPartitions = producer.partitionsFor(settings.feedTopic()).size();
    if (feedPartitions != settings.feedPartitions()) {
      // Group records are addressed to the partitions of their members' feeds, computed from the
      // configured count: a different real count would put them where no member reads.
      throw new IllegalStateException(
          settings.feedTopic()
              + " has "
              + feedPartitions
              + " partitions, this node is configured with "
              + settings.feedPartitions());
    }
    this.groupContext =
        new GroupContext(groupLimits, new FeedPartitions(feedPartitions), tables::sendersBetween);
    this.reads = new SequencerReads(tables, groups, accounts, cache, groupContext, counts);
    KafkaMetrics.bind(consumer, meters, "sequencer");
    this.thread = new Thread(this::run, "parley-sequencer");
    thread.setDaemon(true);
  }

  void start() {
    consumer.subscribe(
        List.of(settings.commandsTopic()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            cache.clear();
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            cache.clear();
            LOG.info(
                "sequencing command partitions {}",
                partitions.stream().map(TopicPartition::partition).sorted().toList());
          }
        });
    thread.start();
  }

  static Properties consumerProps(ClusterSettings settings) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.sequencerGroup());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.kafkaPrefix() + "seq-" + settings.nodeId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // One poll is one batch (one Kafka transaction, one round of Cassandra writes): big enough to
    // amortise the commit, small enough to bound the writes in flight when a backlog drains.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.sequencerMaxBatch()));
    // A dead node's partitions move after this long (the default, 6 s, is the floor of a broker's
    // default minimum); heartbeats come often enough that a few lost ones do not cost the session.
    long session = settings.kafkaSessionTimeout().toMillis();
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session));
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(1, session / 4)));
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    return p;
  }

  private KafkaProducer<String, byte[]> newProducer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    p.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        settings.kafkaPrefix() + "sequencer-" + settings.nodeId());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.kafkaPrefix() + "seq-out-" + settings.nodeId());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    // A crashed node's open transaction holds back every read_committed reader of the partitions it
    // wrote to until it times out; keep that window short.
    p.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        Long.toString(settings.kafkaTransactionTimeout().toMillis()));
    KafkaProducer<String, byte[]> created =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    created.initTransactions();
    return created;
  }

  private void run() {
    PollLoop.run(
        "sequencer",
        consumer,
        () -> running,
        new PollLoop.Handler() {
          @Override
          public void batch(ConsumerRecords<String, byte[]> records) {
            process(records);
          }

          @Override
          public void failed(RuntimeException cause) {
            recover(cause);
          }
        });
  }

  private void process(ConsumerRecords<String, byte[]> records) {
    long t0 = System.nanoTime();
    phases.waited(records.iterator().next().timestamp());
    List<BatchInput> inputs = decode(records);
    Map<ConversationId, Boolean> known = reads.load(inputs);
    Map<BatchInput, Optional<StoredKey>> keys = reads.lookupKeys(inputs, known);
    Map<BatchInput, Optional<StoredMessage>> replayed = reads.replayedChanges(inputs, keys);
    long t1 = System.nanoTime();
    CommandApplier applier = new CommandApplier(cache, groupContext);
    for (BatchInput in : inputs) {
      if (in.command instanceof Command.Group group) {
        applier.group(
            in.offset,
            in.timestamp,
            group,
            keys.get(in),
            replayed.getOrDefault(in, Optional.empty()));
      } else if (in.command instanceof Command.Send send) {
        if (known.get(in.conv)) {
          applier.send(in.offset, in.timestamp, send, keys.get(in));
        } else {
          applier.refuse(send);
        }
      } else if (in.command instanceof Command.Receipt receipt
          && known.get(in.conv)
          && cache.get(in.conv).state.lastSeq() > 0) {
        applier.receipt(in.offset, receipt);
      }
    }
    BatchOutput out = applier.finish();
    if (!out.writes.isEmpty()) {
      SequencerReads.join(tables.write(out.writes));
    }
    // The answers go out now, not after the commit: what they say is in Cassandra, and an owner
    // that replays these commands (this one after a failed commit, or a successor) finds their keys
    // at the same offsets and publishes the same results, so the commit only decides when the feed
    // records become visible. The sender's `sent` no longer waits for it.
    for (BatchOutput.AddressedReply r : out.replies) {
      replies.accept(r.node(), r.reply());
    }
    long t2 = System.nanoTime();
    producer.beginTransaction();
    for (BatchOutput.UserRecord r : out.feed) {
      producer.send(
          new ProducerRecord<>(settings.feedTopic(), r.user(), KafkaJson.feed(r.record())));
    }
    for (BatchOutput.StreamRecord r : out.streams) {
      producer.send(
          new ProducerRecord<>(
              settings.feedTopic(),
              r.partition(),
              r.record().stream(),
              KafkaJson.feed(r.record())));
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = Offsets.after(records);
    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
    producer.commitTransaction();
    phases.record(records.count(), t0, t1, t2, System.nanoTime());
    counts.published(out);
    if (!out.newMessages.isEmpty()) {
      onNewMessages.accept(out.newMessages);
    }
  }

  private List<BatchInput> decode(ConsumerRecords<String, byte[]> records) {
    List<BatchInput> inputs = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        Command command = KafkaJson.command(r.value());
        Optional<ConversationId> conv = ConversationId.parse(command.conv());
        if (conv.isEmpty()) {
          LOG.warn("skipping command at {}-{}: bad conversation id", r.partition(), r.offset());
          continue;
        }
        hot.record(r.partition(), command.conv());
        counts.consumed(command);
        inputs.add(new BatchInput(r.offset(), r.timestamp(), conv.get(), command));
      } catch (IOException e) {
        // A record no node can read would stop the partition forever; it was never acknowledged as
        // applied.
        LOG.warn(
            "skipping unreadable command at {}-{}: {}", r.partition(), r.offset(), e.getMessage());
      }
    }
    return inputs;
  }

  /**
   * After a failed batch: forget cached state and end the open transaction, or replace a fenced
   * producer.
   */
  private void recover(RuntimeException cause) {
    cache.clear();
    if (cause instanceof ProducerFencedException
        || cause instanceof InvalidProducerEpochException) {
      LOG.warn(
          "sequencer fenced by a newer owner; restarting from committed offsets: {}",
          cause.toString());
      producer.close(Duration.ZERO);
      producer = newProducer();
      return;
    }
    LOG.warn("sequencer batch failed; retrying from committed offsets", cause);
    try {
      producer.abortTransaction();
    } catch (IllegalStateException e) {
      // No transaction was open (the batch failed before it began).
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      producer = newProducer();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
    producer.close(Duration.ofSeconds(5));
  }
}
