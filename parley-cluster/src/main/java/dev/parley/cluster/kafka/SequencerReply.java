package dev.parley.cluster.kafka;

/**
 * The sequencer's answer to an append, for the node that is waiting for it: the message got {@code
 * seq} at {@code ts}, or was a {@code duplicate} of an earlier one, or was refused with {@code
 * error} ({@value #UNKNOWN_MEMBER}; null when it was not). It travels to another node as it is,
 * inside {@code redis.BusMessage.Reply}: its component names are that message's JSON fields.
 */
public record SequencerReply(String requestId, long seq, long ts, boolean duplicate, String error) {
  public static final String UNKNOWN_MEMBER = "unknown_member";
}
