package dev.parley.cluster.kafka;

import dev.parley.cluster.cassandra.CassandraGroupStore;
import dev.parley.cluster.cassandra.MessageKey;
import dev.parley.cluster.cassandra.SequencerTables;
import dev.parley.cluster.cassandra.StoredConversation;
import dev.parley.cluster.cassandra.StoredGroup;
import dev.parley.cluster.cassandra.StoredKey;
import dev.parley.core.account.AccountStore;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What a sequencer batch reads before it applies its commands: the state of the conversations not
 * cached (and, for a group, its membership), whether a new 1:1 conversation's members exist, the
 * idempotency key of each send and group change, and the system messages of group changes a failed
 * owner already stored. Reads of one kind go out together and are awaited together.
 */
final class SequencerReads {
  /** How long a batch waits for a storage call before it fails (and is retried whole). */
  static final long CASSANDRA_TIMEOUT_S = 30;

  private final SequencerTables tables;
  private final CassandraGroupStore groups;
  private final AccountStore accounts;
  private final ConversationCache cache;
  private final GroupContext groupContext;
  private final BatchCounts counts;

  SequencerReads(
      SequencerTables tables,
      CassandraGroupStore groups,
      AccountStore accounts,
      ConversationCache cache,
      GroupContext groupContext,
      BatchCounts counts) {
    this.tables = tables;
    this.groups = groups;
    this.accounts = accounts;
    this.cache = cache;
    this.groupContext = groupContext;
    this.counts = counts;
  }

  /**
   * Loads the state of every conversation not cached; true for those that exist or may be created.
   */
  Map<ConversationId, Boolean> load(List<BatchInput> inputs) {
    Map<ConversationId, CompletableFuture<Optional<StoredConversation>>> loading = new HashMap<>();
    Map<ConversationId, Integer> partition = new HashMap<>();
    Map<ConversationId, Boolean> known = new HashMap<>();
    for (BatchInput in : inputs) {
      if (cache.get(in.conv) == null && !loading.containsKey(in.conv)) {
        loading.put(in.conv, tables.loadConversation(in.conv).toCompletableFuture());
        partition.put(in.conv, in.partition);
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
                      h.appliedOffset(),
                      partition.get(conv));
              entry.group = SequencedGroup.load(stored.get(), groupContext.limits());
            } else {
              entry =
                  new ConversationCache.Entry(
                      ConversationState.empty(conv), -1, partition.get(conv));
            }
            cache.put(conv, entry);
            known.put(conv, true);
            return;
          }
          Optional<StoredConversation> stored = join(future);
          if (stored.isPresent()) {
            cache.put(
                conv,
                new ConversationCache.Entry(
                    stored.get().state(), stored.get().appliedOffset(), partition.get(conv)));
            known.put(conv, true);
          } else if (membersExist(conv)) {
            cache.put(
                conv,
                new ConversationCache.Entry(
                    ConversationState.empty(conv), -1, partition.get(conv)));
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

  Map<BatchInput, Optional<StoredKey>> lookupKeys(
      List<BatchInput> inputs, Map<ConversationId, Boolean> known) {
    Set<BatchInput> readBack = readRecentKeys(inputs, known);
    Map<BatchInput, CompletableFuture<Optional<StoredKey>>> lookups = new HashMap<>();
    Map<BatchInput, Optional<StoredKey>> keys = new HashMap<>();
    for (BatchInput in : inputs) {
      if (in.command instanceof Command.Send send && known.get(in.conv)) {
        ConversationCache.Entry entry = cache.get(in.conv);
        boolean fromMemory = answeredFromMemory(entry, in.offset, send);
        counts.keyLookup(fromMemory, readBack.contains(in));
        if (fromMemory) {
          keys.put(in, entry.recent.get(send.sender(), send.id()));
        } else {
          lookups.put(
              in, tables.idempotency(in.conv, send.sender(), send.id()).toCompletableFuture());
        }
      } else if (in.command instanceof Command.Group group) {
        lookups.put(
            in,
            tables
                .idempotency(
                    in.conv, group.actor(), GroupApplier.commandId(group.conv(), in.offset))
                .toCompletableFuture());
      }
    }
    lookups.forEach((in, f) -> keys.put(in, join(f)));
    return keys;
  }

  /**
   * For sends whose {@code after} is older than the conversation's recent keys answer for (retries
   * of messages first sent before the conversation was loaded here, as when its partition moved
   * with a backlog), reads the keys of the conversation's newest messages down to the oldest such
   * claim, once per conversation and batch, instead of one key per send. Only a range of at most
   * {@link RecentKeys#CAPACITY} messages, all below the state's last seq (so all written), is read.
   * Returns the sends that waited for it.
   */
  private Set<BatchInput> readRecentKeys(
      List<BatchInput> inputs, Map<ConversationId, Boolean> known) {
    Map<ConversationId, Long> from = new HashMap<>();
    Set<BatchInput> waiting = new HashSet<>();
    for (BatchInput in : inputs) {
      if (in.command instanceof Command.Send send && known.get(in.conv)) {
        ConversationCache.Entry entry = cache.get(in.conv);
        if (worthReading(entry, in.offset, send) && !answeredFromMemory(entry, in.offset, send)) {
          from.merge(in.conv, send.after(), Math::min);
          waiting.add(in);
        }
      }
    }
    Map<ConversationId, CompletableFuture<List<MessageKey>>> reads = new HashMap<>();
    from.forEach(
        (conv, after) ->
            reads.put(
                conv,
                tables
                    .keysBetween(conv, after, cache.get(conv).recent.completeAbove())
                    .toCompletableFuture()));
    reads.forEach((conv, read) -> cache.get(conv).recent.backfill(from.get(conv), join(read)));
    return waiting;
  }

  private static boolean worthReading(
      ConversationCache.Entry entry, long offset, Command.Send send) {
    return entry != null
        && offset > entry.appliedOffset
        && send.after() != null
        && send.after() >= 0
        // At or above it the recent keys answer (or hold the key) already: no scan of them here.
        && send.after() < entry.recent.completeAbove()
        && send.after() <= entry.state.lastSeq()
        && entry.recent.completeAbove() <= entry.state.lastSeq()
        && entry.recent.completeAbove() - send.after() <= RecentKeys.CAPACITY;
  }

  /**
   * A send's key needs no read when the command is past what this owner has applied (not a replay
   * of a batch whose transaction failed, whose key Cassandra may hold at this very offset) and the
   * conversation's recent keys answer for it. A claim above the conversation's last seq is not one
   * an honest client can make, so it is not trusted.
   */
  private static boolean answeredFromMemory(
      ConversationCache.Entry entry, long offset, Command.Send send) {
    return entry != null
        && offset > entry.appliedOffset
        && (send.after() == null || send.after() <= entry.state.lastSeq())
        && entry.recent.answers(send.sender(), send.id(), send.after());
  }

  /**
   * The system messages of group changes stored by an owner whose transaction did not commit (their
   * key has this very offset), to publish again. Only replays read anything here.
   */
  Map<BatchInput, Optional<StoredMessage>> replayedChanges(
      List<BatchInput> inputs, Map<BatchInput, Optional<StoredKey>> keys) {
    Map<BatchInput, Optional<StoredMessage>> out = new HashMap<>();
    for (BatchInput in : inputs) {
      if (in.command instanceof Command.Group) {
        Optional<StoredKey> key = keys.get(in);
        if (key.isPresent() && key.get().offset() == in.offset) {
          out.put(in, tables.message(in.conv, key.get().seq()));
        }
      }
    }
    return out;
  }

  static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(CASSANDRA_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("storage call failed: " + e.getMessage(), e);
    }
  }
}
