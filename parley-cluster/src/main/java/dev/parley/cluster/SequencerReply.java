package dev.parley.cluster;

import dev.parley.core.group.GroupException;
import dev.parley.core.log.UnknownMemberException;
import java.util.Locale;

/**
 * The sequencer's answer to an append or a group change, for the node that is waiting for it: it
 * got {@code seq} at {@code ts}, or was a {@code duplicate} of an earlier one, or was refused with
 * {@code error} ({@value #UNKNOWN_MEMBER}, or a group refusal: the lower-case name of a {@link
 * GroupException.Reason}, with {@code detail} saying why; null when it was not). It travels to
 * another node as it is, inside {@code redis.BusMessage.Reply} (it lives here, not in {@code
 * kafka}, because the Redis bus may not depend on Kafka): its component names are that message's
 * JSON fields.
 */
public record SequencerReply(
    String requestId, long seq, long ts, boolean duplicate, String error, String detail) {
  public static final String UNKNOWN_MEMBER = "unknown_member";

  public SequencerReply(String requestId, long seq, long ts, boolean duplicate, String error) {
    this(requestId, seq, ts, duplicate, error, null);
  }

  public static SequencerReply refused(String requestId, GroupException e) {
    return new SequencerReply(
        requestId, 0, 0, false, e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
  }

  /** The exception a refusal stands for. */
  public RuntimeException failure() {
    if (UNKNOWN_MEMBER.equals(error)) {
      return new UnknownMemberException("a member of the conversation does not exist");
    }
    try {
      return new GroupException(
          GroupException.Reason.valueOf(error.toUpperCase(Locale.ROOT)),
          detail == null ? error : detail);
    } catch (IllegalArgumentException e) {
      return new IllegalStateException("unknown refusal from the sequencer: " + error);
    }
  }
}
