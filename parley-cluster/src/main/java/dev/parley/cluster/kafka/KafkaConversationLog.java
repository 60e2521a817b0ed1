package dev.parley.cluster.kafka;

import dev.parley.cluster.ClusterSettings;
import dev.parley.cluster.SequencerReply;
import dev.parley.cluster.cassandra.CassandraFeedStore;
import dev.parley.cluster.cassandra.CassandraGroupStore;
import dev.parley.cluster.cassandra.SequencerTables;
import dev.parley.core.account.AccountStore;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupException;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.AppendUnconfirmedException;
import dev.parley.core.log.CommitListener;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.GroupChangeResult;
import dev.parley.core.log.GroupCommand;
import dev.parley.core.log.LogUnavailableException;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The conversation log on Kafka. {@link #append} puts a command on the commands topic, keyed by
 * conversation (so one partition, and one sequencer, owns a conversation's order), and completes
 * when the sequencer that owns the partition has assigned it a sequence number and stored it in
 * Cassandra: from then on it cannot be lost, as whoever applies the command again finds it at the
 * same offset (the Kafka transaction that publishes it may commit later). The answers go straight
 * to {@link PendingAppends} when this node owns the partition, and otherwise to the waiting nodes
 * through {@code remoteReplies} (the push bus, one message per node and batch), whose receiving end
 * completes that node's {@link PendingAppends}. A node that waits too long (the owner died
 * mid-batch) fails the append as retryable; the client's retry with the same id is answered with
 * the original result.
 *
 * <p>A receipt ({@link #advance}) completes once Kafka has it; a device's reports are merged while
 * one of its commands is in flight ({@link ReceiptCoalescer}).
 *
 * <p>Every node runs a {@link Sequencer} and a {@link FeedWriter}; Kafka's consumer groups spread
 * the partitions over the live nodes.
 */
public final class KafkaConversationLog implements ConversationLog {
  /**
   * Commands waiting for the producer thread: seconds of load at this node's rates, and a bound on
   * the memory they hold while Kafka is away.
   */
  private static final int COMMAND_QUEUE = 4_096;

  /**
   * How long a device's first receipt report waits for the ones right behind it: long enough for
   * the {@code read} that follows a {@code received} in the same burst, too short to see.
   */
  private static final Duration RECEIPT_LINGER = Duration.ofMillis(5);

  /**
   * Sends a node lets wait for their sequencers before it refuses new ones: tens of seconds of its
   * share of a saturated cluster here, and a bound on the memory they hold.
   */
  private static final int SENDS_WAITING = 8_192;

  /**
   * How many reply timeouts a send's command keeps waiting for its answer, so that the client's
   * retries join it instead of putting copies on the log (InFlightSends).
   */
  private static final int LATE_REPLY_TIMEOUTS = 3;

  private final ClusterSettings settings;
  private final CommandProducer commands;
  private final Sequencer sequencer;
  private final FeedWriter feedWriter;
  private final PendingAppends pending;
  private final InFlightSends inFlight;
  private final MemberCheck members;
  private final ExecutorService receiptFollowUps;
  private final ReceiptCoalescer receipts;

  public KafkaConversationLog(
      ClusterSettings settings,
      SequencerTables tables,
      CassandraFeedStore feeds,
      CassandraGroupStore groups,
      GroupLimits groupLimits,
      AccountStore accounts,
      PendingAppends pending,
      Consumer<Map<String, List<SequencerReply>>> remoteReplies,
      Consumer<List<StoredMessage>> onNewMessages,
      MeterRegistry meters) {
    this.settings = settings;
    this.pending = pending;
    this.inFlight = new InFlightSends(meters, settings.replyTimeout(), SENDS_WAITING);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.kafkaPrefix() + "gateway-" + settings.nodeId());
    // Idempotent producer: a retried produce is never written twice, and never reordered behind a
    // later one.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(settings.kafkaLinger().toMillis()));
    // Never give a batch up: a command that expired while later ones of its partition were written
    // would be refused (retryable) after them, and a device's messages stored out of the order it
    // sent them (CommandProducer). The client's wait is bounded by the reply timeout instead; a
    // command still in the producer then is written later, and the client's retry with the same
    // id is answered with that first result.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
    p.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Long.toString(Math.min(5_000, settings.replyTimeout().toMillis() - 1)));
    this.commands =
        new CommandProducer(
            new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()),
            COMMAND_QUEUE,
            "parley-command-producer");
    this.sequencer =
        new Sequencer(
            settings,
            tables,
            groups,
            groupLimits,
            accounts,
            byNode -> {
              Map<String, List<SequencerReply>> remote = new LinkedHashMap<>();
              byNode.forEach(
                  (node, replies) -> {
                    if (node.equals(settings.nodeId())) {
                      replies.forEach(pending::complete);
                    } else {
                      remote.put(node, replies);
                    }
                  });
              if (!remote.isEmpty()) {
                remoteReplies.accept(remote);
              }
            },
            onNewMessages,
            meters);
    this.feedWriter = new FeedWriter(settings, feeds, meters);
    this.members = new MemberCheck(groups);
    this.receiptFollowUps =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "parley-receipts");
              t.setDaemon(true);
              return t;
            });
    this.receipts =
        new ReceiptCoalescer(
            this::produceReceipt,
            receiptFollowUps,
            CompletableFuture.delayedExecutor(
                RECEIPT_LINGER.toMillis(), TimeUnit.MILLISECONDS, receiptFollowUps),
            meters);
  }

  /** Starts consuming: call after {@link #setListener}. */
  public KafkaConversationLog start() {
    sequencer.start();
    feedWriter.start();
    return this;
  }

  @Override
  public CompletableFuture<AppendResult> append(NewMessage m) {
    return inFlight.send(m, this::appendCommand);
  }

  private CompletableFuture<AppendResult> appendCommand(NewMessage m) {
    String request = UUID.randomUUID().toString();
    CompletableFuture<SequencerReply> result =
        pending.register(request, settings.replyTimeout().multipliedBy(LATE_REPLY_TIMEOUTS));
    Command.Send cmd =
        new Command.Send(
            m.conv().value(),
            m.sender(),
            m.senderDevice(),
            m.id(),
            m.body(),
            m.after(),
            settings.nodeId(),
            request);
    return answer(cmd, result).thenApply(r -> new AppendResult(r.seq(), r.ts(), r.duplicate()));
  }

  /**
   * Puts the change on the commands topic, keyed by the group like any of its messages, and
   * completes with the sequencer's verdict (a refusal fails the future with its {@link
   * dev.parley.core.group.GroupException}).
   */
  @Override
  public CompletableFuture<GroupChangeResult> changeGroup(GroupCommand command) {
    String request = UUID.randomUUID().toString();
    CompletableFuture<SequencerReply> result = pending.register(request, settings.replyTimeout());
    return answer(Command.Group.of(command, settings.nodeId(), request), result)
        .thenApply(r -> new GroupChangeResult(r.seq(), r.ts(), r.duplicate()));
  }

  private CompletableFuture<SequencerReply> answer(
      Command cmd, CompletableFuture<SequencerReply> result) {
    produce(cmd)
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
              }
            });
    return result.exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(e)));
  }

  @Override
  public CompletableFuture<Void> advance(ReceiptUpdate u) {
    if (u.conv().isGroup()) {
      return members
          .require(u.conv(), u.user())
          .exceptionallyCompose(e -> CompletableFuture.failedFuture(translateMembership(e)))
          .thenCompose(ok -> receipts.report(u));
    }
    return receipts.report(u);
  }

  /** A refusal stays one; a failed read is the log being unavailable (retry). */
  private static Throwable translateMembership(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof GroupException
        ? cause
        : new LogUnavailableException(
            "group membership could not be read: " + cause.getMessage(), true, cause);
  }

  private CompletableFuture<Void> produceReceipt(ReceiptUpdate u) {
    // A receipt is safe once Kafka has it; the sequencer applies it (forward only) in order. One
    // command per device at a time: the coalescer merges what arrives meanwhile.
    return produce(
        new Command.Receipt(
            u.conv().value(),
            u.user(),
            u.device(),
            u.delivered(),
            u.read(),
            settings.nodeId(),
            null));
  }

  private CompletableFuture<Void> produce(Command cmd) {
    return commands.send(
        new ProducerRecord<>(settings.commandsTopic(), cmd.conv(), KafkaJson.command(cmd)));
  }

  /**
   * What a caller waiting for the sequencer is told: its answer's own failure, or, for a wait that
   * ran out, that the send is unconfirmed (retry with the same id).
   */
  static Throwable translate(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException) {
      // The command is queued or in Kafka, ahead of this node's later commands for the
      // conversation: it will be applied in its place.
      return new AppendUnconfirmedException(
          "no answer from the conversation's sequencer in time; retry with the same id", cause);
    }
    return cause;
  }

  @Override
  public void setListener(CommitListener listener) {
    CompletionStage<Void> done = CompletableFuture.completedFuture(null);
    feedWriter.setListener(
        batch -> {
          listener.committed(batch);
          return done;
        });
  }

  /**
   * As {@link #setListener}, for a listener that pushes asynchronously: a feed batch's offsets are
   * committed once the stage it returns completes, so a successor pushes again what may not have
   * left this node.
   */
  public void setFeedListener(FeedListener listener) {
    feedWriter.setListener(listener);
  }

  /**
   * Tells {@code ownership} which feed partitions this node writes, whenever that changes (before
   * the first event of a newly owned partition reaches the listener). Call before {@link #start}.
   */
  public void setFeedOwnershipListener(
      java.util.function.Consumer<java.util.Set<Integer>> ownership) {
    feedWriter.setOwnershipListener(ownership);
  }

  @Override
  public void close() {
    receiptFollowUps.shutdown();
    commands.close(Duration.ofSeconds(5));
    sequencer.close();
    feedWriter.close();
    pending.failAll(new LogUnavailableException("node is shutting down", true, null));
  }
}
