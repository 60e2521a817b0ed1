package dev.parley.cluster.cassandra;

import dev.parley.cluster.cassandra.SequencedWrite.ConversationWrite;
import dev.parley.cluster.cassandra.SequencedWrite.MessageWrite;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Writes conversations through {@link SequencerTables} the way the sequencer does: contiguous
 * sequences, one log offset per batch, and the offset as the activity stamp (increasing, no ties).
 */
final class TestSequencer {
  private final SequencerTables tables;
  private final Map<ConversationId, ConversationState> states = new HashMap<>();
  private long offset = 100;

  TestSequencer(SequencerTables tables) {
    this.tables = tables;
  }

  /** A direct conversation between two users no other test uses. */
  static ConversationId freshConversation() {
    return ConversationId.direct(userId(), userId());
  }

  static String userId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  static StoredMessage message(ConversationId conv, long seq, String from) {
    return new StoredMessage(
        conv.value(),
        seq,
        UUID.randomUUID().toString(),
        from,
        from + "-dev",
        1_000 + seq,
        "m" + seq);
  }

  /**
   * Appends one message per sender, in order, as one batch; returns the conversation's new state.
   */
  ConversationState send(ConversationId conv, List<String> senders) throws Exception {
    ConversationState state = states.computeIfAbsent(conv, ConversationState::empty);
    long batchOffset = ++offset;
    long previousActivity = state.lastActivity();
    List<SequencedWrite> writes = new ArrayList<>();
    for (String sender : senders) {
      ConversationState.Assigned a = state.assignNext(1_000 + state.lastSeq() + 1, batchOffset);
      writes.add(
          new MessageWrite(
              new StoredMessage(
                  conv.value(),
                  a.seq(),
                  UUID.randomUUID().toString(),
                  sender,
                  sender + "-dev",
                  a.ts(),
                  "m" + a.seq()),
              batchOffset));
    }
    writes.add(new ConversationWrite(state, previousActivity, batchOffset));
    tables.write(writes).toCompletableFuture().get(60, TimeUnit.SECONDS);
    return state;
  }
}
