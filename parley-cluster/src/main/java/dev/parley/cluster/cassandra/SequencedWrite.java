package dev.parley.cluster.cassandra;

import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupMember;
import java.util.List;

/** One row group of a sequencer batch, with the log offset of the command that produced it. */
public sealed interface SequencedWrite {

  long offset();

  /** A sequenced message: its row in {@code messages} and its key in {@code idempotency}. */
  record MessageWrite(StoredMessage message, long offset) implements SequencedWrite {}

  /**
   * A conversation's new state and its members' inbox rows; {@code previousActivity} is the
   * activity the inbox rows are moved from (0 when the conversation had none).
   */
  record ConversationWrite(ConversationState state, long previousActivity, long offset)
      implements SequencedWrite {}

  /**
   * A group's rows after a batch: its header, the member rows that changed (roster or positions),
   * and the memberships whose periods changed (their {@code user_groups} rows). Written as one
   * single-partition batch of {@code group_members}.
   */
  record GroupWrite(
      String conv,
      StoredGroup.Header header,
      List<StoredGroup.Member> rows,
      List<GroupMember> memberships,
      long offset)
      implements SequencedWrite {
    public GroupWrite {
      rows = List.copyOf(rows);
      memberships = List.copyOf(memberships);
    }
  }
}
