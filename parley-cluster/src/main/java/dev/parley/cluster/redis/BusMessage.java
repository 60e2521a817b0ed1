package dev.parley.cluster.redis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.parley.cluster.SequencerReply;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.feed.SessionEnd;
import java.util.List;

/**
 * What nodes tell each other over the {@link PushBus}, as JSON with the kind in field {@code t}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
  @JsonSubTypes.Type(value = BusMessage.FeedDelivery.class, name = "feed"),
  @JsonSubTypes.Type(value = BusMessage.GroupDelivery.class, name = "group"),
  @JsonSubTypes.Type(value = BusMessage.Ephemeral.class, name = "ephemeral"),
  @JsonSubTypes.Type(value = BusMessage.Disconnect.class, name = "disconnect"),
  @JsonSubTypes.Type(value = BusMessage.Reply.class, name = "reply"),
  @JsonSubTypes.Type(value = BusMessage.Replies.class, name = "replies"),
  @JsonSubTypes.Type(value = BusMessage.PushChanged.class, name = "push-changed"),
})
public sealed interface BusMessage {

  /**
   * Committed events of {@code user}'s feed, in position order, for the user's sessions on every
   * node; {@code originDevice} (may be null) already has them.
   */
  record FeedDelivery(String user, List<Entry> entries, String originDevice) implements BusMessage {
    public record Entry(long pos, ConversationEvent event) {}
  }

  /**
   * A committed event of group {@code group} for the receiving node's sessions of {@code members}
   * (the members whose feeds live in the feed partition it was written to, as the group's sequencer
   * judged them at its seq: a member removed before it is not among them), in position order with
   * everything else the feed writer of that partition publishes; {@code originDevice} (may be null)
   * already has it. One per node hosting members, instead of one per member.
   */
  record GroupDelivery(
      String group, List<String> members, List<FeedDelivery.Entry> entries, String originDevice)
      implements BusMessage {}

  /**
   * A best-effort event (presence, typing) for {@code user}'s sessions except {@code exceptDevice}
   * (may be null); {@code frameJson} is the event as {@link dev.parley.cluster.EventJson#ephemeral}
   * writes it.
   */
  record Ephemeral(String user, @JsonProperty("frameJson") String eventJson, String exceptDevice)
      implements BusMessage {}

  /**
   * Close the device's session on the receiving node; {@code code} is the WebSocket close code the
   * bus has always carried for the {@link SessionEnd}.
   */
  record Disconnect(String device, int code, String reason) implements BusMessage {
    private static final int REPLACED = 4009;
    private static final int REVOKED = 4003;
    private static final int SHUTTING_DOWN = 1001;
    private static final int BUSY = 1013;

    public static Disconnect of(String device, SessionEnd why, String reason) {
      int code =
          switch (why) {
            case REPLACED -> REPLACED;
            case REVOKED -> REVOKED;
            case SHUTTING_DOWN -> SHUTTING_DOWN;
            case BUSY -> BUSY;
          };
      return new Disconnect(device, code, reason);
    }

    /** Why; a code this version does not know is taken as a revocation (the session must end). */
    @JsonIgnore
    public SessionEnd why() {
      return switch (code) {
        case REPLACED -> SessionEnd.REPLACED;
        case SHUTTING_DOWN -> SessionEnd.SHUTTING_DOWN;
        case BUSY -> SessionEnd.BUSY;
        default -> SessionEnd.REVOKED;
      };
    }
  }

  /**
   * A sequencer's answer to an append that the receiving node is waiting for (see {@link
   * ReplyChannel}). The reply's own fields are the message's, next to {@code t}: {@code
   * {"t":"reply","requestId":…,"seq":…,"ts":…,"duplicate":…,"error":…,"detail":…}} ({@code detail}:
   * why a group change was refused). No longer sent, still read: nodes of the version before {@link
   * Replies} send it during a rolling upgrade.
   */
  record Reply(@JsonValue SequencerReply reply) implements BusMessage {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Reply {}
  }

  /**
   * The answers of one sequencer batch that the receiving node is waiting for, in the batch's
   * order: {@code {"t":"replies","replies":[{"requestId":…,"seq":…,…},…]}}, each entry as in {@link
   * Reply}.
   */
  record Replies(List<SequencerReply> replies) implements BusMessage {}

  /**
   * {@code user}'s push targets or mutes changed in Cassandra: the node serving the user's feed
   * partition reads them again. Sent on the partition's channel.
   */
  record PushChanged(String user) implements BusMessage {}
}
