package dev.parley.cluster.kafka;

/**
 * The sequencer's answer to an append, for the node that is waiting for it: where the message
 * landed, or {@code error} ({@value #UNKNOWN_MEMBER}) when it was refused.
 */
public record SequencerReply(String request, long seq, long ts, boolean duplicate, String error) {
  public static final String UNKNOWN_MEMBER = "unknown_member";
}
