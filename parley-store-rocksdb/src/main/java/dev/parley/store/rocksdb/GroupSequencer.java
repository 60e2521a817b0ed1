package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupException;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.group.GroupReceipts;
import dev.parley.core.group.GroupRoster;
import dev.parley.core.group.MembershipChange;
import dev.parley.core.log.GroupChangeResult;
import dev.parley.core.log.GroupCommand;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The group half of a {@link ConversationShard}: applies membership changes to a group's roster at
 * the next seq and queues what they write, and queues the group-wide receipt positions when they
 * move. Runs on the shard's thread, like everything that touches a conversation's state.
 */
final class GroupSequencer {
  /** Newest messages whose senders a group-wide receipt is sent to, at most. */
  private static final int MAX_COVERED = 1_000;

  private final RocksStore store;
  private final Clock clock;
  private final ActivityClock activity;
  private final GroupLimits limits;

  /** Queues a write against the conversation (the shard counts it as pending). */
  @FunctionalInterface
  interface Submit {
    void submit(PendingWrite write) throws InterruptedException;
  }

  GroupSequencer(RocksStore store, Clock clock, ActivityClock activity, GroupLimits limits) {
    this.store = store;
    this.clock = clock;
    this.activity = activity;
    this.limits = limits;
  }

  GroupLimits limits() {
    return limits;
  }

  /**
   * Validates {@code command} against the roster, takes the next seq and queues the change: its
   * system message in the group's stream, the member rows, the header and the user index. Returns
   * the group's state afterwards (new for a creation), or the unchanged one for a duplicate.
   */
  GroupState change(
      ConversationState state,
      GroupState group,
      GroupCommand command,
      CompletableFuture<GroupChangeResult> result,
      Submit submit)
      throws RocksDBException, InterruptedException {
    String conv = state.id().value();
    long seq = state.lastSeq() + 1;
    List<String> added = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    MembershipChange change;
    if (command instanceof GroupCommand.Create c) {
      if (group != null) {
        if (!group.creator.equals(c.actor())) {
          throw new GroupException(GroupException.Reason.FORBIDDEN, "not your group");
        }
        result.complete(new GroupChangeResult(1, firstTs(conv), true));
        return group;
      }
      GroupRoster.CreatedGroup created =
          GroupRoster.create(limits, c.actor(), c.title(), c.members(), seq);
      group = new GroupState(created.roster(), c.actor(), new GroupReceipts.Aggregate(0, 0));
      change = created.change();
      added.addAll(group.roster.currentMembers());
    } else {
      if (group == null) {
        throw new GroupException(
            GroupException.Reason.FORBIDDEN, "conversation '" + conv + "' is not yours");
      }
      change = apply(group.roster, command, seq);
      switch (change.action()) {
        case ADDED -> added.addAll(change.users());
        case REMOVED, LEFT -> gone.addAll(change.users());
        default -> {}
      }
    }
    for (String user : added) {
      byte[] stored = store.db().get(store.conversations, Records.receiptKey(conv, user));
      group.receipts.track(user, GroupState.startingAt(stored, seq));
    }
    gone.forEach(group.receipts::untrack);

    long now = clock.millis();
    ConversationState.Assigned a = state.assignNext(now, activity.next(now));
    store.streams().touched(conv, state.lastActivity());
    Set<String> touched = new LinkedHashSet<>(change.users());
    touched.add(command.actor());
    if (change.promoted() != null) {
      touched.add(change.promoted());
    }
    GroupState g = group;
    UUID id = UUID.nameUUIDFromBytes((conv + "/" + a.seq()).getBytes(StandardCharsets.UTF_8));
    byte[] message =
        Records.systemMessage(a.ts(), command.actor(), command.actorDevice(), id, change);
    byte[] stateValue = Records.conversation(state);
    byte[] header = Records.groupHeader(g.header(), g.creator);
    List<byte[][]> memberRows = new ArrayList<>(touched.size());
    for (String user : touched) {
      g.roster
          .member(user)
          .ifPresent(
              m ->
                  memberRows.add(
                      new byte[][] {Records.receiptKey(conv, user), Records.groupMember(m)}));
    }
    List<byte[]> indexRows = new ArrayList<>(added.size());
    List<byte[][]> receiptRows = new ArrayList<>(added.size());
    for (String user : added) {
      indexRows.add(Records.receiptKey(user, conv));
      receiptRows.add(
          new byte[][] {
            Records.receiptKey(conv, user), Records.receipt(g.receipts.position(user))
          });
    }
    StoredMessage event =
        new StoredMessage(
            conv,
            a.seq(),
            id.toString(),
            command.actor(),
            command.actorDevice(),
            a.ts(),
            "",
            new MembershipChange(
                change.action(),
                command.actor(),
                change.users(),
                change.title(),
                change.promoted()));
    List<String> audience = new ArrayList<>(g.roster.currentMembers());
    audience.addAll(gone);
    submit.submit(
        new PreparedWrite(
            b -> {
              b.put(store.messages, Bytes.withLong(conv, a.seq()), message);
              b.put(store.conversations, Bytes.utf8(conv), stateValue);
              b.put(store.groups, Bytes.utf8(conv), header);
              for (byte[][] row : memberRows) {
                b.put(store.groups, row[0], row[1]);
              }
              for (byte[] row : indexRows) {
                b.put(store.usergroups, row, Bytes.EMPTY);
              }
              for (byte[][] row : receiptRows) {
                b.put(store.conversations, row[0], row[1]);
              }
            },
            List.of(
                new PendingWrite.Event(
                    event,
                    Records.feedMessage(conv, a.seq()),
                    audience,
                    // No device skipped: the acting device learns its change only from the feed,
                    // and another member's later change pushed live before a catch-up brought this
                    // one would reach it out of seq order.
                    null,
                    conv)),
            () -> result.complete(new GroupChangeResult(a.seq(), a.ts(), false)),
            result::completeExceptionally));
    announce(state, g, submit);
    return g;
  }

  private static MembershipChange apply(GroupRoster roster, GroupCommand command, long seq) {
    if (command instanceof GroupCommand.Add c) {
      return roster.add(c.actor(), c.users(), seq);
    } else if (command instanceof GroupCommand.Remove c) {
      return roster.remove(c.actor(), c.user(), seq);
    } else if (command instanceof GroupCommand.Leave c) {
      return roster.leave(c.actor(), seq);
    } else if (command instanceof GroupCommand.SetAdmin c) {
      return roster.setAdmin(c.actor(), c.user(), c.admin(), seq);
    } else if (command instanceof GroupCommand.Rename c) {
      return roster.rename(c.actor(), c.title(), seq);
    }
    throw new IllegalStateException("unhandled group command " + command);
  }

  /**
   * Queues the group-wide positions if they moved (merged into the queued ones when possible): the
   * header row, and a {@code group_receipt} event to the senders of the messages newly covered.
   */
  void announce(ConversationState state, GroupState group, Submit submit)
      throws RocksDBException, InterruptedException {
    GroupReceipts.Aggregate now = group.receipts.aggregate();
    if (now.equals(group.announced)) {
      return;
    }
    String conv = state.id().value();
    // Only the messages whose ticks change: delivered to all in (old, new delivered], read by all
    // in
    // (old, new read]. A read position that lags must not make every delivery advance rescan and
    // re-notify the senders of everything since the last read.
    Set<String> covered = new LinkedHashSet<>();
    covered.addAll(sendersBetween(conv, group.announced.delivered(), now.delivered()));
    covered.addAll(sendersBetween(conv, group.announced.read(), now.read()));
    List<String> senders = new ArrayList<>(covered);
    byte[] header = Records.groupHeader(group.header(), group.creator);
    GroupReceiptWrite queued = group.pendingAggregate;
    group.announced = now;
    if (queued != null && queued.merge(header, now.delivered(), now.read(), senders)) {
      return;
    }
    GroupReceiptWrite write =
        new GroupReceiptWrite(
            store, conv, state.lastSeq(), header, now.delivered(), now.read(), senders);
    group.pendingAggregate = write;
    submit.submit(write);
  }

  /**
   * The distinct senders of messages in {@code (after, upTo]}, the newest {@value #MAX_COVERED}.
   */
  private List<String> sendersBetween(String conv, long after, long upTo) {
    if (upTo <= after) {
      return List.of();
    }
    Set<String> senders = new LinkedHashSet<>();
    byte[] prefix = Bytes.prefix(conv);
    try (RocksIterator it = store.db().newIterator(store.messages)) {
      int seen = 0;
      for (it.seekForPrev(Bytes.withLong(conv, upTo));
          it.isValid() && Bytes.startsWith(it.key(), prefix) && seen < MAX_COVERED;
          it.prev()) {
        if (Bytes.longAt(it.key(), prefix.length) <= after) {
          break;
        }
        senders.add(Records.messageSender(it.value()));
        seen++;
      }
    }
    return new ArrayList<>(senders);
  }

  private long firstTs(String conv) throws RocksDBException {
    byte[] first = store.db().get(store.messages, Bytes.withLong(conv, 1));
    return first == null ? 0 : Records.message(conv, 1, first).ts();
  }
}
