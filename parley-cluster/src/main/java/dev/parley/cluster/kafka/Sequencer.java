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
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * which). Each poll is one batch: load the conversations' state, apply the commands in offset order
 * ({@link CommandApplier}), write messages and state to Cassandra, answer the senders, then publish
 * the feed records in a Kafka transaction that commits them with the consumed offsets atomically,
 * at once or, with a commit interval, together with the batches that follow ({@link
 * TransactionWindow}).
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
  private final Consumer<Map<String, List<SequencerReply>>> replies;
  private final Consumer<List<StoredMessage>> onNewMessages;
  private final ConversationCache cache;
  private final HotKeys hot;
  private final BatchPhases phases;
  private final BatchCounts counts;
  private final KafkaConsumer<String, byte[]> consumer;
  private KafkaProducer<String, byte[]> producer;
  private final Duration commitInterval;

  /** The open transaction, if any; used on the sequencer thread only (rebalance callbacks too). */
  private TransactionWindow open;

  private final Thread thread;
  private volatile boolean running = true;

  Sequencer(
      ClusterSettings settings,
      SequencerTables tables,
      CassandraGroupStore groups,
      GroupLimits groupLimits,
      AccountStore accounts,
      Consumer<Map<String, List<SequencerReply>>> replies,
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
    this.commitInterval = settings.sequencerCommitInterval();
    this.consumer =
        new KafkaConsumer<>(
            ConsumerProps.sequencer(settings),
            new StringDeserializer(),
            new ByteArrayDeserializer());
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
            // Still the owner: what the open transaction holds is committed before they move.
            commitOrAbandon();
            cache.forget(partitions);
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // No longer the owner: a commit would be fenced; the new owner replays the commands.
            abandon();
            cache.clear();
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Cooperative rebalancing: called on every rebalance with the partitions added, often
            // none. Those kept need nothing; an added one may have been written elsewhere since it
            // was last here.
            cache.forget(partitions);
            if (partitions.isEmpty()) {
              return;
            }
            LOG.info(
                "now also sequencing command partitions {}",
                partitions.stream().map(TopicPartition::partition).sorted().toList());
          }
        });
    thread.start();
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
          public Duration pollTimeout() {
            return open == null
                ? PollLoop.Handler.super.pollTimeout()
                : open.untilDue(System.nanoTime());
          }

          @Override
          public void idle() {
            if (open != null && open.due(System.nanoTime())) {
              commit();
            }
          }

          @Override
          public void failed(RuntimeException cause) {
            recover(cause);
          }
        });
    // Stopping: hand over what the open transaction holds rather than have a successor replay it.
    commitOrAbandon();
  }

  private void process(ConsumerRecords<String, byte[]> records) {
    long t0 = System.nanoTime();
    long oldest = Long.MAX_VALUE;
    for (ConsumerRecord<String, byte[]> r : records) {
      oldest = Math.min(oldest, r.timestamp());
    }
    long waitedMs = Math.max(0, System.currentTimeMillis() - oldest);
    phases.waited(waitedMs);
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
    if (!out.replies.isEmpty()) {
      replies.accept(out.repliesByNode());
    }
    long t2 = System.nanoTime();
    if (open == null) {
      producer.beginTransaction();
      open = new TransactionWindow(t2, commitInterval);
    }
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
    open.add(Offsets.after(records), out.newMessages, records.count());
    counts.published(out);
    // Behind (a command waited in Kafka as long as the interval): batches are big already, and
    // holding the transaction open would only add a whole batch's time to every delivery.
    if (waitedMs >= commitInterval.toMillis() || open.due(System.nanoTime())) {
      commit();
    }
    phases.record(records.count(), t0, t1, t2, System.nanoTime());
  }

  /** Commits the open transaction: its feed records become visible, its offsets move. */
  private void commit() {
    TransactionWindow committing = open;
    producer.sendOffsetsToTransaction(committing.offsets(), consumer.groupMetadata());
    producer.commitTransaction();
    open = null;
    phases.transaction(committing.commands());
    if (!committing.newMessages().isEmpty()) {
      onNewMessages.accept(committing.newMessages());
    }
  }

  /**
   * Commits the open transaction before its partitions move or the sequencer stops. If that fails
   * its commands are consumed again from the committed offsets, here or by the next owner.
   */
  private void commitOrAbandon() {
    if (open == null) {
      return;
    }
    try {
      commit();
    } catch (RuntimeException e) {
      // Runs in a rebalance callback too, where an exception would end the sequencer's thread.
      try {
        recover(e);
        if (running) {
          Offsets.rewindToCommitted(consumer);
        }
      } catch (RuntimeException recovery) {
        LOG.warn("sequencer could not undo its open transaction", recovery);
      }
    }
  }

  /** Aborts the open transaction of partitions this node no longer owns. */
  private void abandon() {
    if (open != null) {
      LOG.warn("sequencer lost its partitions with a transaction open; the next owner replays it");
      cache.clear();
      open = null;
      try {
        endTransaction();
      } catch (RuntimeException e) {
        LOG.warn("sequencer could not abort its open transaction", e);
      }
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
        inputs.add(new BatchInput(r.partition(), r.offset(), r.timestamp(), conv.get(), command));
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
    open = null;
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
    endTransaction();
  }

  private void endTransaction() {
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
