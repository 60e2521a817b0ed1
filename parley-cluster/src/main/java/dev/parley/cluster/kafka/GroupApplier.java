package dev.parley.cluster.kafka;

import dev.parley.cluster.SequencerReply;
import dev.parley.cluster.cassandra.SequencedWrite.MessageWrite;
import dev.parley.cluster.cassandra.StoredKey;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.GroupTicks;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupException;
import dev.parley.core.group.GroupReceipts;
import dev.parley.core.group.GroupRoster;
import dev.parley.core.group.MembershipChange;
import dev.parley.core.log.GroupCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The group half of {@link CommandApplier}: membership changes judged by the core's {@link
 * GroupRoster} at the seq they take, stored as system messages; group messages and receipts; and
 * the group-wide receipts announced to the senders of the messages they newly cover. Deterministic
 * like the rest of the applier: a replay computes the same seqs, rows and records.
 *
 * <p>A group event is emitted once per feed partition that has members ({@link
 * BatchOutput.StreamRecord}), never once per member; a member's own receipt goes to their own feed
 * only, and a group-wide receipt to the senders it concerns.
 */
final class GroupApplier {
  private final GroupContext context;
  private final BatchOutput out;

  GroupApplier(GroupContext context, BatchOutput out) {
    this.context = context;
    this.out = out;
  }

  /** The idempotency id of the group command at {@code offset}: its system message's id. */
  static UUID commandId(String conv, long offset) {
    return UUID.nameUUIDFromBytes(
        ("group-command/" + conv + "/" + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** A group send may go ahead: the sender is a current member. */
  static void requireMember(SequencedGroup group, ConversationId conv, String user) {
    if (group == null || !group.roster.isMember(user)) {
      throw new GroupException(
          GroupException.Reason.FORBIDDEN, "conversation '" + conv + "' is not yours");
    }
  }

  /** After a group message took {@code message.seq()}: the sender has read it; emit it. */
  void sent(ConversationCache.Entry entry, StoredMessage message) {
    SequencedGroup group = entry.group;
    group.sent(message.seq(), message.from());
    if (group.receipts.advance(message.from(), message.seq(), message.seq(), message.seq())
        != null) {
      group.touched(message.from());
    }
    group.headerChanged();
    emit(group, message, message.device(), List.of());
    announce(entry);
  }

  /**
   * Applies a membership change at {@code offset}; returns the reply. {@code stored} is the
   * idempotency key of this very command (found only on a replay), {@code storedMessage} its system
   * message.
   */
  SequencerReply change(
      ConversationCache.Entry entry,
      long offset,
      long timestamp,
      Command.Group cmd,
      Optional<StoredKey> stored,
      Optional<StoredMessage> storedMessage) {
    SequencedGroup group = entry.group;
    if (stored.isPresent() && stored.get().offset() == offset && offset <= entry.appliedOffset) {
      // Applied and stored by an owner whose transaction did not commit: keep its result, publish
      // its event (the first publication never became visible).
      if (storedMessage.isPresent()) {
        StoredMessage m = storedMessage.get();
        emit(group, m, null, m.change() == null ? List.of() : m.change().users());
        out.newMessages.add(m);
      }
      return new SequencerReply(cmd.request(), stored.get().seq(), stored.get().ts(), false, null);
    }
    ConversationState state = entry.state;
    long seq = state.lastSeq() + 1;
    GroupCommand command = cmd.command();
    MembershipChange change;
    List<String> added = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    try {
      if (command instanceof GroupCommand.Create c) {
        if (group != null) {
          if (!group.creator.equals(c.actor())) {
            throw new GroupException(GroupException.Reason.FORBIDDEN, "not your group");
          }
          return new SequencerReply(cmd.request(), 1, group.createdTs, true, null);
        }
        GroupRoster.CreatedGroup created =
            GroupRoster.create(context.limits(), c.actor(), c.title(), c.members(), seq);
        long ts = Math.max(timestamp, state.lastTs());
        group =
            new SequencedGroup(created.roster(), c.actor(), ts, new GroupReceipts.Aggregate(0, 0));
        entry.group = group;
        change = created.change();
        added.addAll(group.roster.currentMembers());
      } else {
        if (group == null) {
          throw new GroupException(
              GroupException.Reason.FORBIDDEN, "conversation '" + cmd.conv() + "' is not yours");
        }
        change = apply(group.roster, command, seq);
        switch (change.action()) {
          case ADDED -> added.addAll(change.users());
          case REMOVED, LEFT -> gone.addAll(change.users());
          default -> {}
        }
      }
    } catch (GroupException e) {
      return SequencerReply.refused(cmd.request(), e);
    }
    ConversationState.Assigned a =
        state.assignNext(timestamp, Math.max(state.lastActivity() + 1, timestamp * 1_000));
    for (String user : added) {
      group.joined(user, a.seq());
    }
    for (String user : gone) {
      group.left(user);
    }
    group.touched(cmd.actor());
    if (change.promoted() != null) {
      group.touched(change.promoted());
    }
    change.users().forEach(group::touched);
    group.headerChanged();
    group.sent(a.seq(), cmd.actor());
    StoredMessage message =
        new StoredMessage(
            cmd.conv(),
            a.seq(),
            commandId(cmd.conv(), offset).toString(),
            cmd.actor(),
            cmd.device(),
            a.ts(),
            "",
            new MembershipChange(
                change.action(), cmd.actor(), change.users(), change.title(), change.promoted()));
    out.writes.add(new MessageWrite(message, offset));
    out.newMessages.add(message);
    // Every device of every member gets the change live, the acting device too: a device learns a
    // change only from the feed, and a later member's change pushed live before a catch-up brought
    // its own would reach it out of feed order (a device applies membership changes in seq order).
    emit(group, message, null, gone);
    announce(entry);
    return new SequencerReply(cmd.request(), a.seq(), a.ts(), false, null);
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
   * A member's receipt report: their position moves forward (to their own devices only), and the
   * group-wide one may move. A report from a non-member changes nothing.
   */
  void receipt(ConversationCache.Entry entry, long offset, Command.Receipt cmd) {
    SequencedGroup group = entry.group;
    if (group == null || !group.roster.isMember(cmd.user())) {
      return;
    }
    boolean replay = entry.appliedOffset >= offset;
    ReceiptPosition moved =
        group.receipts.advance(cmd.user(), cmd.delivered(), cmd.read(), entry.state.lastSeq());
    if (moved == null && replay) {
      moved = group.receipts.position(cmd.user());
    } else if (moved != null) {
      group.touched(cmd.user());
    }
    if (moved == null) {
      return;
    }
    // The member's newest position replaces any event of theirs earlier in this batch.
    out.supersede(
        CommandApplier.receiptKey(cmd),
        List.of(
            new BatchOutput.UserRecord(
                cmd.user(),
                new FeedRecord(
                    new ReceiptMoved(cmd.conv(), cmd.user(), moved.delivered(), moved.read()),
                    cmd.device()))));
    announce(entry);
  }

  /**
   * If the group-wide positions moved, one {@code group_receipt} event to each sender of the
   * messages whose ticks change: delivered to all in (old, new delivered], read by all in (old, new
   * read].
   */
  private void announce(ConversationCache.Entry entry) {
    SequencedGroup group = entry.group;
    GroupReceipts.Aggregate now = group.receipts.aggregate();
    if (now.equals(group.announced)) {
      return;
    }
    ConversationId conv = entry.state.id();
    Set<String> senders = new LinkedHashSet<>();
    senders.addAll(sendersBetween(group, conv, group.announced.delivered(), now.delivered()));
    senders.addAll(sendersBetween(group, conv, group.announced.read(), now.read()));
    group.announced = now;
    group.headerChanged();
    GroupTicks event = new GroupTicks(conv.value(), now.delivered(), now.read());
    for (String sender : senders) {
      // Group-wide positions only grow: a sender's newer event in this batch replaces the older.
      out.supersede(
          "ticks\0" + conv.value() + '\0' + sender,
          List.of(new BatchOutput.UserRecord(sender, new FeedRecord(event, null))));
    }
  }

  private List<String> sendersBetween(
      SequencedGroup group, ConversationId conv, long after, long upTo) {
    if (upTo <= after) {
      return List.of();
    }
    List<String> senders = new ArrayList<>(group.knownSendersBetween(after, upTo));
    long lowest = group.lowestKnown();
    if (after + 1 < lowest) {
      senders.addAll(
          context
              .senders()
              .between(conv, after, Math.min(upTo, lowest - 1), SequencedGroup.MAX_COVERED));
    }
    return senders;
  }

  /** One record per feed partition with members (and with {@code alsoTo}: removed members). */
  private void emit(
      SequencedGroup group, StoredMessage message, String origin, List<String> alsoTo) {
    Map<Integer, List<String>> byPartition =
        new TreeMap<>(group.membersByPartition(context.partitions()));
    for (String user : alsoTo) {
      byPartition.compute(
          context.partitions().of(user),
          (p, users) -> {
            List<String> next = users == null ? new ArrayList<>() : new ArrayList<>(users);
            if (!next.contains(user)) {
              next.add(user);
            }
            return next;
          });
    }
    byPartition.forEach(
        (partition, members) ->
            out.streams.add(
                new BatchOutput.StreamRecord(
                    partition, new FeedRecord(message, origin, message.conv(), members))));
  }
}
