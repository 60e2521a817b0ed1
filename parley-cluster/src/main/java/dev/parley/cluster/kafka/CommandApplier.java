package dev.parley.cluster.kafka;

import dev.parley.cluster.SequencerReply;
import dev.parley.cluster.cassandra.SequencedWrite.ConversationWrite;
import dev.parley.cluster.cassandra.SequencedWrite.GroupWrite;
import dev.parley.cluster.cassandra.SequencedWrite.MessageWrite;
import dev.parley.cluster.cassandra.StoredKey;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one partition's commands, in offset order, to the conversations' state: the deterministic
 * heart of the sequencer. Given the same state and the same commands it produces the same sequence
 * numbers, times and events, which is what makes a replay after a crash, and a stale owner racing a
 * new one, harmless.
 *
 * <p>A command may be applied twice: once by an owner whose Kafka transaction then failed (its
 * events never became visible, but its Cassandra rows were written) and again by whoever replays
 * it. An idempotency key stored with the same offset, or a conversation state already past the
 * offset, marks such a replay: the original result is kept and its events are emitted again, since
 * the first emission never landed. A key stored at an earlier offset is a client's retry: it gets
 * the original result and emits nothing.
 */
final class CommandApplier {
  private final ConversationCache cache;

  /**
   * Per conversation touched in this batch: its activity when the batch began (the inbox row to
   * replace).
   */
  private final Map<ConversationId, Long> activityBefore = new LinkedHashMap<>();

  private final Map<ConversationId, Long> lastOffset = new HashMap<>();

  /** Keys applied earlier in this batch, not yet readable from Cassandra. */
  private final Map<String, StoredKey> batchKeys = new HashMap<>();

  private final BatchOutput out = new BatchOutput();
  private final GroupApplier groups;

  CommandApplier(ConversationCache cache, GroupContext groupContext) {
    this.cache = cache;
    this.groups = new GroupApplier(groupContext, out);
  }

  /**
   * A send to a conversation whose state is cached; {@code stored} is its idempotency key as
   * Cassandra has it.
   */
  void send(long offset, long timestamp, Command.Send cmd, Optional<StoredKey> stored) {
    ConversationId conv = ConversationId.parse(cmd.conv()).orElseThrow();
    ConversationCache.Entry entry = touch(conv, offset);
    ConversationState state = entry.state;
    StoredKey key = batchKeys.getOrDefault(keyOf(cmd), stored.orElse(null));
    if (key != null && key.offset() < offset) {
      reply(cmd, new SequencerReply(cmd.request(), key.seq(), key.ts(), true, null));
      return;
    }
    if (key == null && conv.isGroup()) {
      try {
        GroupApplier.requireMember(entry.group, conv, cmd.sender());
      } catch (GroupException e) {
        reply(cmd, SequencerReply.refused(cmd.request(), e));
        return;
      }
    }
    long seq;
    long ts;
    if (key != null) {
      // Applied before at this very offset by an owner whose transaction did not commit.
      seq = key.seq();
      ts = key.ts();
      if (seq > state.lastSeq()) {
        catchUp(entry, seq, ts);
      }
    } else {
      ConversationState.Assigned assigned =
          state.assignNext(timestamp, Math.max(state.lastActivity() + 1, timestamp * 1_000));
      seq = assigned.seq();
      ts = assigned.ts();
      key = new StoredKey(seq, ts, offset);
      batchKeys.put(keyOf(cmd), key);
    }
    entry.recent.stored(cmd.sender(), cmd.id(), key);
    entry.appliedOffset = Math.max(entry.appliedOffset, offset);
    StoredMessage message =
        new StoredMessage(
            cmd.conv(), seq, cmd.id().toString(), cmd.sender(), cmd.device(), ts, cmd.body());
    out.writes.add(new MessageWrite(message, offset));
    out.newMessages.add(message);
    if (conv.isGroup()) {
      groups.sent(entry, message);
    }
    for (String member : conv.members()) {
      out.feed.add(new BatchOutput.UserRecord(member, new FeedRecord(message, cmd.device())));
    }
    reply(cmd, new SequencerReply(cmd.request(), seq, ts, false, null));
  }

  /**
   * A group membership change; {@code stored} is its own idempotency key as Cassandra has it (a
   * replay), {@code storedMessage} the system message stored with it.
   */
  void group(
      long offset,
      long timestamp,
      Command.Group cmd,
      Optional<StoredKey> stored,
      Optional<StoredMessage> storedMessage) {
    ConversationId conv = ConversationId.parse(cmd.conv()).orElseThrow();
    ConversationCache.Entry entry = touch(conv, offset);
    SequencerReply reply = groups.change(entry, offset, timestamp, cmd, stored, storedMessage);
    entry.appliedOffset = Math.max(entry.appliedOffset, offset);
    out.replies.add(new BatchOutput.AddressedReply(cmd.node(), reply));
  }

  /**
   * A send to a conversation that has no state and a member that does not exist: refused, nothing
   * stored.
   */
  void refuse(Command.Send cmd) {
    reply(cmd, new SequencerReply(cmd.request(), 0, 0, false, SequencerReply.UNKNOWN_MEMBER));
  }

  /**
   * A receipt for a conversation whose state is cached (receipts for conversations without messages
   * are dropped).
   */
  void receipt(long offset, Command.Receipt cmd) {
    ConversationId conv = ConversationId.parse(cmd.conv()).orElseThrow();
    ConversationCache.Entry entry = touch(conv, offset);
    if (conv.isGroup()) {
      groups.receipt(entry, offset, cmd);
      entry.appliedOffset = Math.max(entry.appliedOffset, offset);
      return;
    }
    boolean replay = entry.appliedOffset >= offset;
    ReceiptPosition moved = entry.state.advance(cmd.user(), cmd.delivered(), cmd.read());
    entry.appliedOffset = Math.max(entry.appliedOffset, offset);
    if (moved == null && replay) {
      // The stored state already has this report, but its event may never have been published.
      moved = entry.state.position(cmd.user());
    }
    if (moved == null || moved.equals(ReceiptPosition.NONE)) {
      return;
    }
    ReceiptMoved event = new ReceiptMoved(cmd.conv(), cmd.user(), moved.delivered(), moved.read());
    List<BatchOutput.UserRecord> records = new ArrayList<>(2);
    for (String member : conv.members()) {
      records.add(new BatchOutput.UserRecord(member, new FeedRecord(event, cmd.device())));
    }
    // The state holds the member's newest position: one event per batch says all its receipts.
    out.supersede(receiptKey(cmd), records);
  }

  /** Receipt events of one member in one conversation replace each other within a batch. */
  static String receiptKey(Command.Receipt cmd) {
    return "receipt\0" + cmd.conv() + '\0' + cmd.user();
  }

  /**
   * Finishes the batch: one state row per conversation touched, written at its last command's
   * offset.
   */
  BatchOutput finish() {
    activityBefore.forEach(
        (conv, previousActivity) -> {
          ConversationCache.Entry entry = cache.get(conv);
          long offset = lastOffset.get(conv);
          out.writes.add(new ConversationWrite(entry.state, previousActivity, offset));
          if (entry.group != null && entry.group.dirty()) {
            var parts = entry.group.drain(entry.state, offset);
            out.writes.add(
                new GroupWrite(
                    conv.value(), parts.header(), parts.rows(), parts.memberships(), offset));
          }
        });
    return out.compact();
  }

  private ConversationCache.Entry touch(ConversationId conv, long offset) {
    ConversationCache.Entry entry = cache.get(conv);
    if (entry == null) {
      throw new IllegalStateException("state of " + conv + " was not loaded");
    }
    activityBefore.putIfAbsent(conv, entry.state.lastActivity());
    lastOffset.put(conv, offset);
    return entry;
  }

  /** A replayed key beyond the loaded state: its owner wrote the message but not the state. */
  private static void catchUp(ConversationCache.Entry entry, long seq, long ts) {
    ConversationState s = entry.state;
    while (s.lastSeq() < seq) {
      s.assignNext(ts, Math.max(s.lastActivity() + 1, ts * 1_000));
    }
  }

  private void reply(Command.Send cmd, SequencerReply reply) {
    out.replies.add(new BatchOutput.AddressedReply(cmd.node(), reply));
  }

  private static String keyOf(Command.Send cmd) {
    return cmd.conv() + '\0' + cmd.sender() + '\0' + cmd.id();
  }
}
