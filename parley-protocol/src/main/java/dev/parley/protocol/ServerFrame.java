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
  @JsonSubTypes.Type(value = ServerFrame.GroupChanged.class, name = "group_changed"),
  @JsonSubTypes.Type(value = ServerFrame.GroupInfo.class, name = "group_info"),
  @JsonSubTypes.Type(value = ServerFrame.ReadBy.class, name = "read_by"),
  @JsonSubTypes.Type(value = ServerFrame.Users.class, name = "users"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerFrame {

  /**
   * The {@code ref} of the request this frame answers, or null for a frame that answers none (a
   * push, or a reply to a frame without a ref).
   */
  default String ref() {
    return null;
  }

  /** Calls the {@code handler} method for this frame's type. */
  void accept(Handler handler);

  /**
   * Handles every server frame type, one method each; see {@link ClientFrame.Handler} for why
   * dispatch goes through it rather than {@code instanceof} chains.
   */
  interface Handler {
    void onWelcome(Welcome frame);

    void onFeed(Feed frame);

    void onSynced(Synced frame);

    void onSent(Sent frame);

    void onOpened(Opened frame);

    void onConversations(Conversations frame);

    void onHistory(History frame);

    void onPong(Pong frame);

    void onPresence(Presence frame);

    void onTyping(Typing frame);

    void onError(Error frame);

    void onGroupChanged(GroupChanged frame);

    void onGroupInfo(GroupInfo frame);

    void onReadBy(ReadBy frame);

    void onUsers(Users frame);
  }

  /** Limits the server enforces, announced in {@link Welcome}. */
  record Limits(int maxFrameBytes, int maxBodyBytes, int syncBatch) {}

  record Welcome(int protocol, String userId, String handle, String deviceId, Limits limits)
      implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onWelcome(this);
    }
  }

  /** Feed events in feed order; {@code cursor} is the position after the last of them. */
  record Feed(List<FeedEvent> events, String cursor) implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onFeed(this);
    }
  }

  /**
   * Catch-up is complete up to {@code cursor}; {@code reset} means the client's cursor was not
   * usable.
   */
  record Synced(String cursor, boolean reset) implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onSynced(this);
    }
  }

  record Sent(String ref, String id, String conv, long seq, long ts) implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onSent(this);
    }
  }

  record Opened(String ref, String conv, Peer peer) implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onOpened(this);
    }
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Conversations(String ref, List<ConversationSummary> items, String next)
      implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onConversations(this);
    }
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record History(String ref, String conv, List<FeedEvent.Message> messages, String next)
      implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onHistory(this);
    }
  }

  record Pong(String ref) implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onPong(this);
    }
  }

  /**
   * Presence of users: the reply to a presence request (with its ref), or a pushed change (no ref).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Presence(String ref, List<PresenceInfo> users) implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onPresence(this);
    }
  }

  /** {@code user} started ({@code active}) or stopped typing in {@code conv}. */
  record Typing(String conv, String user, boolean active) implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onTyping(this);
    }
  }

  /**
   * A request failed. {@code retryAfterMs}: when to send it again, for a retryable code. {@code
   * first}: for {@code out_of_order}, the id of the earlier send of the same conversation that must
   * be sent again before this one.
   */
  record Error(String ref, String code, String message, Long retryAfterMs, String first)
      implements ServerFrame {
    public Error(String ref, String code, String message, Long retryAfterMs) {
      this(ref, code, message, retryAfterMs, null);
    }

    public static Error of(String ref, ErrorCode code, String message) {
      return new Error(ref, code.wire(), message, null, null);
    }

    @Override
    public void accept(Handler handler) {
      handler.onError(this);
    }
  }

  /**
   * A group request took effect: the change is event {@code seq} of group {@code conv} (for {@code
   * create_group}, the new group's id and its first event). {@code duplicate}: a retried {@code
   * create_group} whose group already existed.
   */
  record GroupChanged(String ref, String conv, long seq, long ts, boolean duplicate)
      implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onGroupChanged(this);
    }
  }

  /**
   * Group {@code conv}: its title, its number of current members, a page of them and the token of
   * the next page (null at the end).
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record GroupInfo(
      String ref, String conv, String title, int size, List<GroupMember> members, String next)
      implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onGroupInfo(this);
    }
  }

  /** One current member: {@code role} is "admin" or "member"; {@code since} the seq they joined. */
  record GroupMember(String user, String handle, String role, long since) {}

  /**
   * Current members of {@code conv} who have read (or received) message {@code seq}: a page, and
   * the token of the next (null at the end).
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ReadBy(String ref, String conv, long seq, String kind, List<Peer> users, String next)
      implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onReadBy(this);
    }
  }

  /**
   * The handles of the users a {@code users} request named that exist, in the order asked; ids that
   * name no user are left out.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Users(String ref, List<Peer> users) implements ServerFrame {
    @Override
    public void accept(Handler handler) {
      handler.onUsers(this);
    }
  }
}
