package dev.parley.cluster.kafka;

import dev.parley.cluster.ClusterSettings;
import dev.parley.cluster.FeedPartitions;
import dev.parley.cluster.SequencerReply;
import dev.parley.cluster.cassandra.CassandraGroupStore;
import dev.parley.cluster.cassandra.SequencerTables;
import dev.parley.cluster.cassandra.StoredConversation;
import dev.parley.cluster.cassandra.StoredGroup;
import dev.parley.cluster.cassandra.StoredKey;
import dev.parley.core.account.AccountStore;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
  private static final long CASSANDRA_TIMEOUT_S = 30;

  private final ClusterSettings settings;
  private final SequencerTables tables;
  private final CassandraGroupStore groups;
  private final GroupContext groupContext;
  private final AccountStore accounts;
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
    this.groups = groups;
    this.accounts = accounts;
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
    List<Input> inputs = decode(records);
    Map<ConversationId, Boolean> known = load(inputs);
    Map<Input, Optional<StoredKey>> keys = lookupKeys(inputs, known);
    Map<Input, Optional<StoredMessage>> replayed = replayedChanges(inputs, keys);
    long t1 = System.nanoTime();
    CommandApplier applier = new CommandApplier(cache, groupContext);
    for (Input in : inputs) {
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
      join(tables.write(out.writes));
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
    for (BatchOutput.AddressedReply r : out.replies) {
      replies.accept(r.node(), r.reply());
    }
    if (!out.newMessages.isEmpty()) {
      onNewMessages.accept(out.newMessages);
    }
  }

  private List<Input> decode(ConsumerRecords<String, byte[]> records) {
    List<Input> inputs = new ArrayList<>(records.count());
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
        inputs.add(new Input(r.offset(), r.timestamp(), conv.get(), command));
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
   * Loads the state of every conversation not cached; true for those that exist or may be created.
   */
  private Map<ConversationId, Boolean> load(List<Input> inputs) {
    Map<ConversationId, CompletableFuture<Optional<StoredConversation>>> loading = new HashMap<>();
    Map<ConversationId, Boolean> known = new HashMap<>();
    for (Input in : inputs) {
      if (cache.get(in.conv) == null && !loading.containsKey(in.conv)) {
        loading.put(in.conv, tables.loadConversation(in.conv).toCompletableFuture());
      } else {
        known.put(in.conv, true);
      }
    }
    loading.forEach(
        (conv, future) -> {
          if (conv.isGroup()) {
            join(future); // the conversation row of a group is a copy; its partition is the truth
            Optional<StoredGroup> stored = groups.load(conv);
            ConversationCache.Entry entry;
            if (stored.isPresent()) {
              StoredGroup.Header h = stored.get().header();
              entry =
                  new ConversationCache.Entry(
                      new ConversationState(
                          conv, h.lastSeq(), h.lastTs(), h.lastActivity(), Map.of()),
                      h.appliedOffset());
              entry.group = SequencedGroup.load(stored.get(), groupContext.limits());
            } else {
              entry = new ConversationCache.Entry(ConversationState.empty(conv), -1);
            }
            cache.put(conv, entry);
            known.put(conv, true);
            return;
          }
          Optional<StoredConversation> stored = join(future);
          if (stored.isPresent()) {
            cache.put(
                conv,
                new ConversationCache.Entry(stored.get().state(), stored.get().appliedOffset()));
            known.put(conv, true);
          } else if (membersExist(conv)) {
            cache.put(conv, new ConversationCache.Entry(ConversationState.empty(conv), -1));
            known.put(conv, true);
          } else {
            known.put(conv, false);
          }
        });
    return known;
  }

  private boolean membersExist(ConversationId conv) {
    for (String member : conv.members()) {
      if (accounts.userById(member).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private Map<Input, Optional<StoredKey>> lookupKeys(
      List<Input> inputs, Map<ConversationId, Boolean> known) {
    Map<Input, CompletableFuture<Optional<StoredKey>>> lookups = new HashMap<>();
    for (Input in : inputs) {
      if (in.command instanceof Command.Send send && known.get(in.conv)) {
        lookups.put(
            in, tables.idempotency(in.conv, send.sender(), send.id()).toCompletableFuture());
      } else if (in.command instanceof Command.Group group) {
        lookups.put(
            in,
            tables
                .idempotency(
                    in.conv, group.actor(), GroupApplier.commandId(group.conv(), in.offset))
                .toCompletableFuture());
      }
    }
    Map<Input, Optional<StoredKey>> keys = new HashMap<>();
    lookups.forEach((in, f) -> keys.put(in, join(f)));
    return keys;
  }

  /**
   * The system messages of group changes stored by an owner whose transaction did not commit (their
   * key has this very offset), to publish again. Only replays read anything here.
   */
  private Map<Input, Optional<StoredMessage>> replayedChanges(
      List<Input> inputs, Map<Input, Optional<StoredKey>> keys) {
    Map<Input, Optional<StoredMessage>> out = new HashMap<>();
    for (Input in : inputs) {
      if (in.command instanceof Command.Group) {
        Optional<StoredKey> key = keys.get(in);
        if (key.isPresent() && key.get().offset() == in.offset) {
          out.put(in, tables.message(in.conv, key.get().seq()));
        }
      }
    }
    return out;
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

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(CASSANDRA_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("storage call failed: " + e.getMessage(), e);
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

  /** One command with where it sits in its partition; identity matters (a map key per record). */
  private static final class Input {
    final long offset;
    final long timestamp;
    final ConversationId conv;
    final Command command;

    Input(long offset, long timestamp, ConversationId conv, Command command) {
      this.offset = offset;
      this.timestamp = timestamp;
      this.conv = conv;
      this.command = command;
    }
  }
}
