package dev.parley.cluster.kafka;

import dev.parley.cluster.ClusterSettings;
import dev.parley.cluster.cassandra.CassandraFeedStore;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedEntry;
import dev.parley.core.log.Committed;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the feed partitions this node owns to Cassandra and hands what it wrote to the listener
 * (the router, which pushes it to the nodes holding the users' devices). A user's feed lives in one
 * partition of the feed topic, so the record's offset + 1 is a position that only grows within that
 * feed. It reads only committed transactions, so nothing a fenced sequencer wrote ever reaches a
 * feed.
 *
 * <p>At least once, pushes included: a batch's offsets are committed only once its rows are written
 * and its pushes have left this node ({@link PushedOffsets}), so a crash before that makes the
 * successor write the same rows at the same positions and push them again; devices drop positions
 * they already have. Offsets are committed at most every {@code feedCommitInterval}, so a successor
 * may rewrite up to that much.
 */
final class FeedWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedWriter.class);
  private static final CompletableFuture<Void> NOTHING_TO_PUSH =
      CompletableFuture.completedFuture(null);

  private final CassandraFeedStore feeds;
  private final KafkaConsumer<String, byte[]> consumer;
  private final HotKeys hot;
  private final Thread thread;
  private volatile FeedListener listener = batch -> NOTHING_TO_PUSH;
  private volatile Consumer<Set<Integer>> ownership = owned -> {};
  private volatile boolean running = true;
  private final long commitIntervalNanos;
  private long lastCommit = System.nanoTime();
  private final PushedOffsets pushed = new PushedOffsets();

  FeedWriter(ClusterSettings settings, CassandraFeedStore feeds, MeterRegistry meters) {
    this.feeds = feeds;
    this.commitIntervalNanos = settings.feedCommitInterval().toNanos();
    Properties p = ConsumerProps.sequencer(settings);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.feedGroup());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.kafkaPrefix() + "feed-" + settings.nodeId());
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.feedMaxBatch()));
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.hot = new HotKeys(meters, "feed");
    KafkaMetrics.bind(consumer, meters, "feed-writer");
    consumer.subscribe(
        List.of(settings.feedTopic()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pushed.forget(partitions);
            owned();
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            pushed.forget(partitions);
            owned();
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pushed.forget(partitions);
            owned();
          }
        });
    this.thread = new Thread(this::run, "parley-feed-writer");
    thread.setDaemon(true);
  }

  void setListener(FeedListener listener) {
    this.listener = listener;
  }

  /**
   * Told the feed partitions this node owns whenever they change, on the writer's thread inside a
   * poll: before the first record of a newly owned partition is handed to the listener.
   */
  void setOwnershipListener(Consumer<Set<Integer>> ownership) {
    this.ownership = ownership;
  }

  private void owned() {
    Set<Integer> owned = new TreeSet<>();
    for (TopicPartition tp : consumer.assignment()) {
      owned.add(tp.partition());
    }
    try {
      ownership.accept(Set.copyOf(owned));
    } catch (RuntimeException e) {
      LOG.warn("feed partition ownership change not handled", e);
    }
  }

  void start() {
    thread.start();
  }

  private void run() {
    PollLoop.run(
        "feed writer",
        consumer,
        () -> running,
        new PollLoop.Handler() {
          @Override
          public void batch(ConsumerRecords<String, byte[]> records) {
            write(records);
            commitPushed();
          }

          @Override
          public void idle() {
            commitPushed();
          }

          @Override
          public void failed(RuntimeException cause) {
            // Nothing to undo: the rows are rewritten at the same positions when the batch comes
            // again.
            LOG.warn("feed batch failed; retrying from committed offsets", cause);
          }
        });
  }

  private void write(ConsumerRecords<String, byte[]> records) {
    Map<String, List<FeedEntry>> byUser = new LinkedHashMap<>();
    List<CassandraFeedStore.StreamEntry> streams = new ArrayList<>();
    Map<Integer, Long> written = new HashMap<>();
    List<Committed> committed = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> r : records) {
      long pos = r.offset() + 1;
      written.merge(r.partition(), pos, Math::max);
      FeedRecord record;
      try {
        record = KafkaJson.feed(r.value());
      } catch (IOException e) {
        LOG.warn(
            "skipping unreadable feed record at {}-{}: {}",
            r.partition(),
            r.offset(),
            e.getMessage());
        continue;
      }
      hot.record(r.partition(), r.key());
      if (record.stream() != null && record.event() instanceof StoredMessage m) {
        // A group's event, stored once for every member whose feed lives in this partition.
        streams.add(
            new CassandraFeedStore.StreamEntry(r.partition(), record.stream(), pos, m.seq()));
        committed.add(
            new Committed(
                pos,
                record.event(),
                record.members() == null ? List.of() : record.members(),
                record.origin()));
        continue;
      }
      byUser
          .computeIfAbsent(r.key(), u -> new ArrayList<>())
          .add(new FeedEntry(pos, record.event()));
      committed.add(new Committed(pos, record.event(), List.of(r.key()), record.origin()));
    }
    if (!written.isEmpty()) {
      try {
        CompletableFuture.allOf(
                feeds.append(byUser).toCompletableFuture(),
                feeds.appendStreams(streams).toCompletableFuture())
            .get(30, TimeUnit.SECONDS);
        // Only once every row of the batch is there: readers never merge past a hole.
        feeds.markWritten(written).toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (Exception e) {
        throw new IllegalStateException("feed write failed: " + e.getMessage(), e);
      }
    }
    CompletionStage<?> pushes = committed.isEmpty() ? NOTHING_TO_PUSH : listener.written(committed);
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      positions.put(tp, consumer.position(tp));
    }
    pushed.written(positions, pushes.toCompletableFuture());
  }

  /**
   * Offset commits go to the group coordinator, a request (and a log append) each: one per batch
   * was a tenth of Kafka's CPU. Committing less often only means a successor rewrites more of the
   * same rows at the same positions, which devices drop.
   */
  private void commitPushed() {
    long now = System.nanoTime();
    if (now - lastCommit < commitIntervalNanos) {
      return;
    }
    lastCommit = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = pushed.moved();
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitAsync(
        offsets,
        (o, e) -> {
          if (e != null) {
            LOG.debug(
                "feed offset commit failed (the partition's next one covers it): {}", e.toString());
          }
        });
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
  }
}
