package dev.parley.cluster.cassandra;

import dev.parley.core.conversation.ConversationState;
import dev.parley.protocol.FeedEvent;

/** One row group of a sequencer batch, with the log offset of the command that produced it. */
public sealed interface SequencedWrite {

  long offset();

  /** A sequenced message: its row in {@code messages} and its key in {@code idempotency}. */
  record MessageWrite(FeedEvent.Message message, long offset) implements SequencedWrite {}

  /**
   * A conversation's new state and its members' inbox rows; {@code previousActivity} is the
   * activity the inbox rows are moved from (0 when the conversation had none).
   */
  record ConversationWrite(ConversationState state, long previousActivity, long offset)
      implements SequencedWrite {}
}
