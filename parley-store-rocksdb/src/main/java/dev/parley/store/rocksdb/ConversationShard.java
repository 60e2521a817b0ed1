package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupException;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.GroupChangeResult;
import dev.parley.core.log.GroupCommand;
import dev.parley.core.log.LogUnavailableException;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import dev.parley.core.log.UnknownMemberException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the conversations hashed to it: one thread that checks idempotency, assigns
 * sequence numbers and moves receipt positions, so a conversation's order needs no lock. Its queue
 * is bounded; a full queue refuses the call as overloaded.
 */
final class ConversationShard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationShard.class);

  private final RocksStore store;
  private final GroupCommitter committer;
  private final Clock clock;
  private final ActivityClock activity;
  private final GroupSequencer groups;
  private final ThreadPoolExecutor executor;
  private final Map<String, Cached> states;
  private final Map<InflightKey, CompletableFuture<AppendResult>> inflight =
      new ConcurrentHashMap<>();

  ConversationShard(
      int index,
      RocksStore store,
      GroupCommitter committer,
      Clock clock,
      ActivityClock activity,
      int queueCapacity,
      int maxCached,
      GroupLimits groupLimits) {
    this.activity = activity;
    this.groups = new GroupSequencer(store, clock, activity, groupLimits);
    this.states =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            // A state with writes still queued must stay: reloading it from disk would reuse
            // sequences.
            return size() > maxCached && eldest.getValue().pending.get() == 0;
          }
        };
    this.store = store;
    this.committer = committer;
    this.clock = clock;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            r -> {
              Thread t = new Thread(r, "parley-seq-" + index);
              t.setDaemon(true);
              return t;
            });
  }

  CompletableFuture<AppendResult> append(NewMessage m) {
    CompletableFuture<AppendResult> result = new CompletableFuture<>();
    run(result, () -> doAppend(m, result));
    return result;
  }

  CompletableFuture<GroupChangeResult> changeGroup(GroupCommand command) {
    CompletableFuture<GroupChangeResult> result = new CompletableFuture<>();
    run(
        result,
        () -> {
          Cached cached = load(command.conv());
          cached.group =
              groups.change(cached.state, cached.group, command, result, w -> submit(cached, w));
        });
    return result;
  }

  CompletableFuture<Void> advance(ReceiptUpdate u) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    run(result, () -> doAdvance(u, result));
    return result;
  }

  private void run(CompletableFuture<?> result, Task task) {
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (LogUnavailableException | UnknownMemberException | GroupException e) {
              result.completeExceptionally(e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              result.completeExceptionally(
                  new LogUnavailableException("the store is closing", false, e));
            } catch (Exception e) {
              LOG.error("sequencer task failed", e);
              result.completeExceptionally(
                  new LogUnavailableException("the store failed", false, e));
            }
          });
    } catch (RejectedExecutionException e) {
      boolean closing = executor.isShutdown();
      result.completeExceptionally(
          new LogUnavailableException(
              closing ? "the store is closing" : "the sequencer queue is full", !closing, e));
    }
  }

  private void doAppend(NewMessage m, CompletableFuture<AppendResult> result)
      throws RocksDBException, InterruptedException {
    String conv = m.conv().value();
    byte[] idemKey = idempotencyKey(conv, m.sender(), m.id());
    InflightKey inflightKey = new InflightKey(conv, m.sender(), m.id());
    CompletableFuture<AppendResult> pending = inflight.get(inflightKey);
    if (pending != null) {
      pending.whenComplete(
          (r, e) -> {
            if (e != null) {
              result.completeExceptionally(e);
            } else {
              result.complete(new AppendResult(r.seq(), r.ts(), true));
            }
          });
      return;
    }
    Cached cached = load(m.conv());
    boolean group = m.conv().isGroup();
    if (group && cached.group == null) {
      result.completeExceptionally(notYours(m.conv()));
      return;
    }
    // An idempotency key is written in the same batch as its message and the conversation record,
    // so a
    // conversation without messages (lastSeq 0, counting those still queued) has none: skip the
    // lookup.
    if (cached.state.lastSeq() > 0) {
      byte[] existing = store.db().get(store.idempotency, idemKey);
      if (existing != null) {
        result.complete(
            new AppendResult(Bytes.longAt(existing, 0), Bytes.longAt(existing, 8), true));
        return;
      }
    } else {
      for (String member : m.conv().members()) {
        if (store.accountStore().userById(member).isEmpty()) {
          result.completeExceptionally(
              new UnknownMemberException("conversation '" + m.conv() + "' has an unknown member"));
          return;
        }
      }
    }
    if (group && !cached.group.roster.isMember(m.sender())) {
      result.completeExceptionally(notYours(m.conv()));
      return;
    }
    long previousActivity = cached.state.lastActivity();
    long now = clock.millis();
    ConversationState.Assigned a = cached.state.assignNext(now, activity.next(now));
    long newActivity = cached.state.lastActivity();
    byte[] stateValue = Records.conversation(cached.state);
    byte[] messageValue = Records.message(a.ts(), m.sender(), m.senderDevice(), m.id(), m.body());
    // A group's conversation list order comes from its stream head, not from inbox rows: moving a
    // row per member per message is exactly the per-member cost a group message must not have.
    List<String> members = group ? cached.group.roster.currentMembers() : m.conv().members();
    if (group) {
      store.streams().touched(conv, newActivity);
    }
    // A group's sender has read what they sent: their position moves with it, so the group-wide
    // ticks of their own message wait for the others only.
    ReceiptPosition senderMoved =
        group ? cached.group.receipts.advance(m.sender(), a.seq(), a.seq(), a.seq()) : null;
    byte[] senderReceiptKey = senderMoved == null ? null : Records.receiptKey(conv, m.sender());
    byte[] senderReceipt = senderMoved == null ? null : Records.receipt(senderMoved);
    PendingWrite.Ops ops =
        b -> {
          b.put(store.messages, Bytes.withLong(conv, a.seq()), messageValue);
          b.put(store.idempotency, idemKey, Bytes.longs(a.seq(), a.ts()));
          b.put(store.conversations, Bytes.utf8(conv), stateValue);
          if (senderReceiptKey != null) {
            b.put(store.conversations, senderReceiptKey, senderReceipt);
          }
          if (!group) {
            moveInInboxes(b, members, conv, previousActivity, newActivity);
          }
        };
    StoredMessage event =
        new StoredMessage(
            conv, a.seq(), m.id().toString(), m.sender(), m.senderDevice(), a.ts(), m.body());
    inflight.put(inflightKey, result);
    result.whenComplete((r, e) -> inflight.remove(inflightKey, result));
    submit(
        cached,
        new PreparedWrite(
            ops,
            List.of(
                new PendingWrite.Event(
                    event,
                    Records.feedMessage(conv, a.seq()),
                    members,
                    m.senderDevice(),
                    group ? conv : null)),
            () -> result.complete(new AppendResult(a.seq(), a.ts(), false)),
            result::completeExceptionally));
    announce(cached);
  }

  /**
   * Moves a member's receipt position. While the member's last receipt write in this conversation
   * is still queued, the advance merges into it (see {@link ReceiptWrite}): a reader acknowledging
   * message after message costs one write and one event per group commit, not one per report.
   */
  private void doAdvance(ReceiptUpdate u, CompletableFuture<Void> result)
      throws RocksDBException, InterruptedException {
    Cached cached = load(u.conv());
    GroupState group = cached.group;
    if (u.conv().isGroup() && (group == null || !group.roster.isMember(u.user()))) {
      result.completeExceptionally(notYours(u.conv()));
      return;
    }
    ReceiptPosition moved =
        group == null
            ? cached.state.advance(u.user(), u.delivered(), u.read())
            : group.receipts.advance(u.user(), u.delivered(), u.read(), cached.state.lastSeq());
    ReceiptWrite queued = cached.receipts.get(u.user());
    if (moved == null) {
      // Nothing moves; if the position it repeats is still on its way to disk, answer once it is
      // there.
      if (queued == null || !queued.join(result)) {
        result.complete(null);
      }
      return;
    }
    if (queued != null && queued.merge(moved, result)) {
      announce(cached);
      return;
    }
    ReceiptWrite write =
        new ReceiptWrite(
            store.conversations,
            u.conv().value(),
            u.user(),
            // In a group a member's own position goes to their own devices only; the others
            // see the group-wide positions (GroupSequencer.announce).
            group == null ? u.conv().members() : List.of(u.user()),
            u.device(),
            moved,
            cached.state.lastSeq(),
            result);
    cached.receipts.put(u.user(), write);
    submit(cached, write);
    announce(cached);
  }

  private void announce(Cached cached) throws RocksDBException, InterruptedException {
    if (cached.group != null) {
      groups.announce(cached.state, cached.group, w -> submit(cached, w));
    }
  }

  private static GroupException notYours(ConversationId conv) {
    return new GroupException(
        GroupException.Reason.FORBIDDEN, "conversation '" + conv + "' is not yours");
  }

  /**
   * Queues a write, counting it against the conversation so its state is not evicted before it
   * commits.
   */
  private void submit(Cached cached, PendingWrite write) throws InterruptedException {
    AtomicInteger pending = cached.pending;
    pending.incrementAndGet();
    try {
      committer.submit(new Tracked(write, pending));
    } catch (RuntimeException | InterruptedException e) {
      pending.decrementAndGet();
      write.failed(
          e instanceof LogUnavailableException l
              ? l
              : new LogUnavailableException("the store is closing", false, e));
      throw e;
    }
  }

  private void moveInInboxes(
      WriteBatch b, List<String> members, String conv, long previous, long activity)
      throws RocksDBException {
    for (String member : members) {
      if (previous > 0) {
        b.delete(store.inbox, inboxKey(member, previous, conv));
      }
      b.put(store.inbox, inboxKey(member, activity, conv), Bytes.EMPTY);
    }
  }

  static byte[] inboxKey(String user, long activity, String conv) {
    byte[] u = Bytes.utf8(user);
    byte[] c = Bytes.utf8(conv);
    return ByteBuffer.allocate(u.length + 9 + c.length)
        .put(u)
        .put(Bytes.SEP)
        .putLong(Long.MAX_VALUE - activity)
        .put(c)
        .array();
  }

  private static byte[] idempotencyKey(String conv, String sender, UUID id) {
    byte[] c = Bytes.utf8(conv);
    byte[] s = Bytes.utf8(sender);
    return ByteBuffer.allocate(c.length + s.length + 18)
        .put(c)
        .put(Bytes.SEP)
        .put(s)
        .put(Bytes.SEP)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  private Cached load(ConversationId id) throws RocksDBException, InterruptedException {
    Cached cached = states.get(id.value());
    if (cached == null) {
      StoredConversation stored = StoredConversation.read(store, id);
      cached = new Cached(stored == null ? ConversationState.empty(id) : stored.state());
      if (id.isGroup()) {
        cached.group = GroupState.load(store, id, groups.limits());
      }
      if (stored != null && stored.positionsInside()) {
        movePositionsToOwnKeys(cached);
      }
      states.put(id.value(), cached);
    }
    return cached;
  }

  /**
   * A v1/v2 record holds the positions; the next append replaces it with a v3 record that does not.
   * Queued before any other write of the conversation, this writes the loaded (durable) positions
   * under their own keys first.
   */
  private void movePositionsToOwnKeys(Cached cached) throws InterruptedException {
    String conv = cached.state.id().value();
    Map<String, ReceiptPosition> positions = cached.state.positions();
    submit(
        cached,
        new PreparedWrite(
            b -> {
              for (Map.Entry<String, ReceiptPosition> e : positions.entrySet()) {
                if (!e.getValue().equals(ReceiptPosition.NONE)) {
                  b.put(
                      store.conversations,
                      Records.receiptKey(conv, e.getKey()),
                      Records.receipt(e.getValue()));
                }
              }
            },
            List.of(),
            () -> {},
            e -> LOG.error("moving the receipt positions of {} failed", conv, e)));
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A conversation's state, how many of its writes are queued but not yet committed, and each
   * member's latest receipt write (a newer advance supersedes it while it is queued).
   */
  private static final class Cached {
    final ConversationState state;
    final AtomicInteger pending = new AtomicInteger();
    final Map<String, ReceiptWrite> receipts = new HashMap<>(4);

    /** The roster and receipts of a group; null for a 1:1 conversation (or no group yet). */
    GroupState group;

    Cached(ConversationState state) {
      this.state = state;
    }
  }

  /** A write that, once committed or failed, no longer holds its conversation in the cache. */
  private record Tracked(PendingWrite write, AtomicInteger pending) implements PendingWrite {
    @Override
    public List<Event> writeTo(WriteBatch batch) throws RocksDBException {
      return write.writeTo(batch);
    }

    @Override
    public void committed() {
      pending.decrementAndGet();
      write.committed();
    }

    @Override
    public void failed(Throwable cause) {
      pending.decrementAndGet();
      write.failed(cause);
    }
  }

  /**
   * An append not yet committed, by its idempotency key (a record: no key string built per
   * message).
   */
  private record InflightKey(String conv, String sender, UUID id) {}

  @FunctionalInterface
  private interface Task {
    void run() throws Exception;
  }
}
