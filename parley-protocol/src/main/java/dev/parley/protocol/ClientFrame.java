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

  /** Sends {@code body} to {@code conv}; {@code id} is the client's UUID idempotency key. */
  record Send(String ref, String id, String conv, String body) implements ClientFrame {
    public Send {
      Fields.ref(ref);
      Fields.uuid(id, "id");
      Fields.require(conv, "conv");
      Fields.require(body, "body");
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
}
