package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A frame sent by a client. The JSON {@code type} property selects the record; compact constructors
 * reject a frame whose fields are missing or malformed, which the codec reports as {@link
 * ErrorCode#INVALID_FRAME}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ClientFrame.Auth.class, name = "auth"),
  @JsonSubTypes.Type(value = ClientFrame.Sync.class, name = "sync"),
  @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
  @JsonSubTypes.Type(value = ClientFrame.Received.class, name = "received"),
  @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
  @JsonSubTypes.Type(value = ClientFrame.Open.class, name = "open"),
  @JsonSubTypes.Type(value = ClientFrame.Conversations.class, name = "conversations"),
  @JsonSubTypes.Type(value = ClientFrame.History.class, name = "history"),
  @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
  @JsonSubTypes.Type(value = ClientFrame.Presence.class, name = "presence"),
  @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
  @JsonSubTypes.Type(value = ClientFrame.CreateGroup.class, name = "create_group"),
  @JsonSubTypes.Type(value = ClientFrame.GroupAdd.class, name = "group_add"),
  @JsonSubTypes.Type(value = ClientFrame.GroupRemove.class, name = "group_remove"),
  @JsonSubTypes.Type(value = ClientFrame.GroupLeave.class, name = "group_leave"),
  @JsonSubTypes.Type(value = ClientFrame.GroupAdmin.class, name = "group_admin"),
  @JsonSubTypes.Type(value = ClientFrame.GroupRename.class, name = "group_rename"),
  @JsonSubTypes.Type(value = ClientFrame.GroupInfo.class, name = "group_info"),
  @JsonSubTypes.Type(value = ClientFrame.ReadBy.class, name = "read_by"),
  @JsonSubTypes.Type(value = ClientFrame.Users.class, name = "users"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ClientFrame {

  /** The request correlation id echoed in the reply, or null for frames that have no reply. */
  default String ref() {
    return null;
  }

  /** Calls the {@code handler} method for this frame's type. */
  void accept(Handler handler);

  /**
   * Handles every client frame type, one method each. Dispatch goes through {@link #accept}, not
   * {@code instanceof} chains: a frame type added here must implement {@code accept}, which needs a
   * new method in this interface, so every handler that forgets the new type stops compiling
   * instead of dropping its frames silently (Java 17 has no exhaustive pattern switch).
   */
  interface Handler {
    void onAuth(Auth frame);

    void onSync(Sync frame);

    void onSend(Send frame);

    void onReceived(Received frame);

    void onRead(Read frame);

    void onOpen(Open frame);

    void onConversations(Conversations frame);

    void onHistory(History frame);

    void onPing(Ping frame);

    void onPresence(Presence frame);

    void onTyping(Typing frame);

    void onCreateGroup(CreateGroup frame);

    void onGroupAdd(GroupAdd frame);

    void onGroupRemove(GroupRemove frame);

    void onGroupLeave(GroupLeave frame);

    void onGroupAdmin(GroupAdmin frame);

    void onGroupRename(GroupRename frame);

    void onGroupInfo(GroupInfo frame);

    void onReadBy(ReadBy frame);

    void onUsers(Users frame);
  }

  /** Authenticates a browser session whose upgrade request could not carry a header. */
  record Auth(String token) implements ClientFrame {
    public Auth {
      Fields.require(token, "token");
    }

    @Override
    public void accept(Handler handler) {
      handler.onAuth(this);
    }
  }

  /** Starts the feed after {@code after} (null: from now). */
  record Sync(String after) implements ClientFrame {
    @Override
    public void accept(Handler handler) {
      handler.onSync(this);
    }
  }

  /**
   * Sends {@code body} to {@code conv}; {@code id} is the client's UUID idempotency key. {@code
   * after} (optional) is the highest seq of {@code conv} the device had when it first sent this
   * message: if the message was stored before, its seq is above it, which spares a cluster a read.
   */
  record Send(String ref, String id, String conv, String body, Long after) implements ClientFrame {
    public Send {
      Fields.ref(ref);
      Fields.uuid(id, "id");
      Fields.require(conv, "conv");
      Fields.require(body, "body");
      Fields.nonNegative(after, "after");
    }

    public Send(String ref, String id, String conv, String body) {
      this(ref, id, conv, body, null);
    }

    @Override
    public void accept(Handler handler) {
      handler.onSend(this);
    }
  }

  /** Delivery receipt: this device holds every message of {@code conv} up to {@code seq}. */
  record Received(String conv, long seq) implements ClientFrame {
    public Received {
      Fields.require(conv, "conv");
      Fields.positive(seq, "seq");
    }

    @Override
    public void accept(Handler handler) {
      handler.onReceived(this);
    }
  }

  /** Read receipt: the user has read {@code conv} up to {@code seq}. */
  record Read(String conv, long seq) implements ClientFrame {
    public Read {
      Fields.require(conv, "conv");
      Fields.positive(seq, "seq");
    }

    @Override
    public void accept(Handler handler) {
      handler.onRead(this);
    }
  }

  /** Resolves a handle to the 1:1 conversation with that user. */
  record Open(String ref, String handle) implements ClientFrame {
    public Open {
      Fields.ref(ref);
      Fields.require(handle, "handle");
    }

    @Override
    public void accept(Handler handler) {
      handler.onOpen(this);
    }
  }

  /** Asks for a page of the conversation list, most recently active first. */
  record Conversations(String ref, Integer limit, String before) implements ClientFrame {
    public Conversations {
      Fields.ref(ref);
      Fields.range(limit, 1, 100, "limit");
    }

    @Override
    public void accept(Handler handler) {
      handler.onConversations(this);
    }
  }

  /** Asks for a page of a conversation's messages before the page token {@code before}. */
  record History(String ref, String conv, String before, Integer limit) implements ClientFrame {
    public History {
      Fields.ref(ref);
      Fields.require(conv, "conv");
      Fields.range(limit, 1, 200, "limit");
    }

    @Override
    public void accept(Handler handler) {
      handler.onHistory(this);
    }
  }

  /** Application-level heartbeat. */
  record Ping(String ref) implements ClientFrame {
    public Ping {
      Fields.ref(ref);
    }

    @Override
    public void accept(Handler handler) {
      handler.onPing(this);
    }
  }

  /**
   * Asks for the presence of these users and watches them for changes (replacing the previous
   * watch).
   */
  record Presence(String ref, List<String> users) implements ClientFrame {
    public static final int MAX_USERS = 100;

    public Presence {
      Fields.ref(ref);
      if (users == null) {
        throw new IllegalArgumentException("missing field 'users'");
      }
      if (users.size() > MAX_USERS) {
        throw new IllegalArgumentException("'users' has more than " + MAX_USERS + " entries");
      }
      users = List.copyOf(users);
    }

    @Override
    public void accept(Handler handler) {
      handler.onPresence(this);
    }
  }

  /** This device's user is typing in {@code conv} ({@code active}) or stopped. */
  record Typing(String conv, boolean active) implements ClientFrame {
    public Typing {
      Fields.require(conv, "conv");
    }

    @Override
    public void accept(Handler handler) {
      handler.onTyping(this);
    }
  }

  /** Most handles one {@code create_group} or {@code group_add} may name. */
  int MAX_HANDLES = 256;

  /**
   * Creates a group titled {@code title} with the users of {@code members} (handles) and the sender
   * as its admin. {@code id} is the client's UUID idempotency key: a retry gets the same group.
   */
  record CreateGroup(String ref, String id, String title, List<String> members)
      implements ClientFrame {
    public CreateGroup {
      Fields.ref(ref);
      Fields.uuid(id, "id");
      Fields.require(title, "title");
      members = Fields.handles(members, "members", true);
    }

    @Override
    public void accept(Handler handler) {
      handler.onCreateGroup(this);
    }
  }

  /** Adds the users of {@code handles} to group {@code conv} (admins only). */
  record GroupAdd(String ref, String conv, List<String> handles) implements ClientFrame {
    public GroupAdd {
      Fields.ref(ref);
      Fields.require(conv, "conv");
      handles = Fields.handles(handles, "handles", false);
    }

    @Override
    public void accept(Handler handler) {
      handler.onGroupAdd(this);
    }
  }

  /** Removes member {@code user} (a user id) from group {@code conv} (admins only). */
  record GroupRemove(String ref, String conv, String user) implements ClientFrame {
    public GroupRemove {
      Fields.ref(ref);
      Fields.require(conv, "conv");
      Fields.require(user, "user");
    }

    @Override
    public void accept(Handler handler) {
      handler.onGroupRemove(this);
    }
  }

  /** The sender leaves group {@code conv}. */
  record GroupLeave(String ref, String conv) implements ClientFrame {
    public GroupLeave {
      Fields.ref(ref);
      Fields.require(conv, "conv");
    }

    @Override
    public void accept(Handler handler) {
      handler.onGroupLeave(this);
    }
  }

  /** Makes member {@code user} an admin of group {@code conv}, or ({@code admin} false) not. */
  record GroupAdmin(String ref, String conv, String user, boolean admin) implements ClientFrame {
    public GroupAdmin {
      Fields.ref(ref);
      Fields.require(conv, "conv");
      Fields.require(user, "user");
    }

    @Override
    public void accept(Handler handler) {
      handler.onGroupAdmin(this);
    }
  }

  /** Renames group {@code conv} (admins only). */
  record GroupRename(String ref, String conv, String title) implements ClientFrame {
    public GroupRename {
      Fields.ref(ref);
      Fields.require(conv, "conv");
      Fields.require(title, "title");
    }

    @Override
    public void accept(Handler handler) {
      handler.onGroupRename(this);
    }
  }

  /**
   * Asks for group {@code conv}'s title and a page of its current members, by user id after {@code
   * after}.
   */
  record GroupInfo(String ref, String conv, String after, Integer limit) implements ClientFrame {
    public GroupInfo {
      Fields.ref(ref);
      Fields.require(conv, "conv");
      Fields.range(limit, 1, 500, "limit");
    }

    @Override
    public void accept(Handler handler) {
      handler.onGroupInfo(this);
    }
  }

  /**
   * Asks which current members of group {@code conv} have read ({@code kind} "read") or received
   * ("delivered") the sender's own message {@code seq}: a page by user id after {@code after}.
   */
  record ReadBy(String ref, String conv, long seq, String kind, String after, Integer limit)
      implements ClientFrame {
    public ReadBy {
      Fields.ref(ref);
      Fields.require(conv, "conv");
      Fields.positive(seq, "seq");
      if (kind == null) {
        kind = "read";
      }
      if (!kind.equals("read") && !kind.equals("delivered")) {
        throw new IllegalArgumentException("'kind' must be read or delivered");
      }
      Fields.range(limit, 1, 500, "limit");
    }

    @Override
    public void accept(Handler handler) {
      handler.onReadBy(this);
    }
  }

  /**
   * Asks for the handles of the users {@code ids} (1 to {@value #MAX_IDS} user ids), for naming
   * users a client met only by id, such as a group member who has since left.
   */
  record Users(String ref, List<String> ids) implements ClientFrame {
    public static final int MAX_IDS = 256;

    public Users {
      Fields.ref(ref);
      ids = Fields.userIds(ids, "ids", MAX_IDS);
    }

    @Override
    public void accept(Handler handler) {
      handler.onUsers(this);
    }
  }
}
