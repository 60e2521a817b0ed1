package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** A frame sent by the server. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ServerFrame.Welcome.class, name = "welcome"),
  @JsonSubTypes.Type(value = ServerFrame.Feed.class, name = "feed"),
  @JsonSubTypes.Type(value = ServerFrame.Synced.class, name = "synced"),
  @JsonSubTypes.Type(value = ServerFrame.Sent.class, name = "sent"),
  @JsonSubTypes.Type(value = ServerFrame.Opened.class, name = "opened"),
  @JsonSubTypes.Type(value = ServerFrame.Conversations.class, name = "conversations"),
  @JsonSubTypes.Type(value = ServerFrame.History.class, name = "history"),
  @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
  @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
  @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
  @JsonSubTypes.Type(value = ServerFrame.Typing.class, name = "typing"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerFrame {

  /** Limits the server enforces, announced in {@link Welcome}. */
  record Limits(int maxFrameBytes, int maxBodyBytes, int syncBatch) {}

  record Welcome(int protocol, String userId, String handle, String deviceId, Limits limits)
      implements ServerFrame {}

  /** Feed events in feed order; {@code cursor} is the position after the last of them. */
  record Feed(List<FeedEvent> events, String cursor) implements ServerFrame {}

  /**
   * Catch-up is complete up to {@code cursor}; {@code reset} means the client's cursor was not
   * usable.
   */
  record Synced(String cursor, boolean reset) implements ServerFrame {}

  record Sent(String ref, String id, String conv, long seq, long ts) implements ServerFrame {}

  record Opened(String ref, String conv, Peer peer) implements ServerFrame {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Conversations(String ref, List<ConversationSummary> items, String next)
      implements ServerFrame {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record History(String ref, String conv, List<FeedEvent.Message> messages, String next)
      implements ServerFrame {}

  record Pong(String ref) implements ServerFrame {}

  /**
   * Presence of users: the reply to a presence request (with its ref), or a pushed change (no ref).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Presence(String ref, List<PresenceInfo> users) implements ServerFrame {}

  /** {@code user} started ({@code active}) or stopped typing in {@code conv}. */
  record Typing(String conv, String user, boolean active) implements ServerFrame {}

  record Error(String ref, String code, String message, Long retryAfterMs) implements ServerFrame {
    public static Error of(String ref, ErrorCode code, String message) {
      return new Error(ref, code.wire(), message, null);
    }
  }
}
