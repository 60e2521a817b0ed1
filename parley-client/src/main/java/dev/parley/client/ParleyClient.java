package dev.parley.client;

import dev.parley.client.group.Group;
import dev.parley.client.group.GroupChange;
import dev.parley.client.group.GroupInfoPage;
import dev.parley.client.group.GroupMember;
import dev.parley.client.group.ReadByPage;
import dev.parley.client.group.ReceiptKind;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.OutboxEntry;
import dev.parley.client.sync.WireModel;
import dev.parley.protocol.ClientFrame;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Parley device session: one WebSocket kept open with automatic reconnect, a durable outbox, and
 * a local SQLite copy of the feed. Thread-safe; every method may be called from any thread.
 *
 * <pre>{@code
 * try (ParleyClient client = ParleyClient.builder()
 *         .serverUri(URI.create("http://localhost:7070"))
 *         .token(session.token())
 *         .store(Path.of("alice.db"))
 *         .listener(new ParleyListener() {
 *           public void onMessage(Message m) { System.out.println(m.body()); }
 *         })
 *         .build()) {
 *   client.start();
 *   String conv = client.open("bob").join().conv();
 *   client.send(conv, "hello");     // returns at once; delivered when connected
 * }
 * }</pre>
 *
 * <p>Guarantees: {@link #send} commits to SQLite before returning, and the message is transmitted
 * (in composition order, same key each time) until the server confirms it, across reconnects and
 * client restarts. Incoming messages are reported once each, in {@code seq} order per conversation.
 */
public final class ParleyClient implements AutoCloseable {
  private final LocalStore store;
  private final ListenerDispatcher listeners;
  private final SessionLoop session;
  private final ClientGroups groups;
  private final Object composeLock = new Object();
  private volatile boolean closed;

  private ParleyClient(ClientSettings settings, List<ParleyListener> initialListeners) {
    this.store = LocalStore.open(settings.storeFile());
    this.listeners = new ListenerDispatcher();
    initialListeners.forEach(listeners::add);
    this.session = new SessionLoop(settings, store, listeners);
    this.groups = new ClientGroups(session);
  }

  /** Starts configuring a client. */
  public static Builder builder() {
    return new Builder();
  }

  /** Connects, and keeps reconnecting until closed or stopped; pending outbox messages are sent. */
  public void start() {
    session.start();
  }

  /**
   * Writes a message to the local outbox (status {@link MessageStatus#PENDING}) and returns at
   * once; it is sent when connected. Follow it with {@link ParleyListener#onStatusChange} or {@link
   * #status}.
   *
   * @param conv the conversation id (from {@link #open}, a message, or the conversation list)
   * @param body the text (at most 16,384 UTF-8 bytes, or the server refuses it: {@code
   *     body_too_long})
   */
  public OutgoingMessage send(String conv, String body) {
    Objects.requireNonNull(conv, "conv");
    Objects.requireNonNull(body, "body");
    ensureOpen();
    // One lock so the composition order in SQLite is also the order the loop learns of the
    // messages.
    synchronized (composeLock) {
      OutboxEntry entry = store.outbox().add(conv, body);
      session.enqueue(entry);
      return new OutgoingMessage(entry.id(), entry.conv(), entry.body(), entry.createdAt());
    }
  }

  /**
   * Resolves {@code handle} to the 1:1 conversation with that user (waits for a connection if
   * offline).
   */
  public CompletableFuture<OpenedConversation> open(String handle) {
    return session.request(ref -> new ClientFrame.Open(ref, handle)).thenApply(WireModel::opened);
  }

  /**
   * A page of the conversation list, most recently active first; {@code before} is null for the
   * first.
   */
  public CompletableFuture<ConversationPage> conversations(int limit, String before) {
    return session
        .request(ref -> new ClientFrame.Conversations(ref, limit, before))
        .thenApply(WireModel::conversations);
  }

  /**
   * A page of {@code conv}'s history from the server, oldest first; {@code before} null for the
   * newest page, else the previous page's {@link HistoryPage#next}. The messages are also kept in
   * the local store.
   */
  public CompletableFuture<HistoryPage> history(String conv, String before, int limit) {
    return session
        .request(ref -> new ClientFrame.History(ref, conv, before, limit))
        .thenApply(WireModel::history);
  }

  // ---- groups ----

  /**
   * Creates a group titled {@code title} with the users of {@code handles} (at most 256, possibly
   * none); this user is its first admin. The request carries a fresh idempotency key, kept until
   * the answer: when the connection drops before it, the same request goes again on the next
   * session and the server answers with the group the first attempt made ({@link
   * GroupChange#duplicate}), never a second group. Fails with {@code unknown_user}, {@code
   * invalid_title}, {@code too_many_members} or {@code rate_limited} ({@link
   * dev.parley.client.request.ParleyRequestException#code()}).
   */
  public CompletableFuture<GroupChange> createGroup(String title, String... handles) {
    return createGroup(title, List.of(handles));
  }

  /** {@link #createGroup(String, String...)} with a list. */
  public CompletableFuture<GroupChange> createGroup(String title, List<String> handles) {
    return groups.createGroup(title, handles);
  }

  /**
   * Adds the users of {@code handles} (1 to 256) to group {@code conv} (admins only). Group changes
   * other than creation are sent at most once: if the connection drops before the answer the future
   * fails with {@link dev.parley.client.request.ParleyRequestException#CONNECTION_LOST}.
   */
  public CompletableFuture<GroupChange> addMembers(String conv, String... handles) {
    return groups.addMembers(conv, handles);
  }

  /**
   * Removes member {@code userId} from group {@code conv} (admins only; to leave, {@link
   * #leaveGroup}). User ids are in {@link #groupInfo} and {@link #localMembers}.
   */
  public CompletableFuture<GroupChange> removeMember(String conv, String userId) {
    return groups.removeMember(conv, userId);
  }

  /**
   * This user leaves group {@code conv}; its history up to here stays readable. When the last admin
   * leaves, the longest-standing member becomes admin.
   */
  public CompletableFuture<GroupChange> leaveGroup(String conv) {
    return groups.leaveGroup(conv);
  }

  /** Makes member {@code userId} an admin of group {@code conv}, or ({@code admin} false) not. */
  public CompletableFuture<GroupChange> setAdmin(String conv, String userId, boolean admin) {
    return groups.setAdmin(conv, userId, admin);
  }

  /** Renames group {@code conv} (admins only; 1 to 100 code points, no control characters). */
  public CompletableFuture<GroupChange> renameGroup(String conv, String title) {
    return groups.renameGroup(conv, title);
  }

  /**
   * Group {@code conv}'s title, size and a page of its current members by user id: {@code after}
   * null for the first page, else the previous page's {@link GroupInfoPage#next}; {@code limit} 1
   * to 500. Current members only ({@code forbidden} otherwise). The local store keeps what it says.
   */
  public CompletableFuture<GroupInfoPage> groupInfo(String conv, String after, int limit) {
    return groups.groupInfo(conv, after, limit);
  }

  /**
   * Which current members have read ({@link ReceiptKind#READ}) or received ({@link
   * ReceiptKind#DELIVERED}) this user's own message {@code seq} of group {@code conv}: a page by
   * user id ({@code after} null first, then {@link ReadByPage#next}; {@code limit} 1 to 500).
   */
  public CompletableFuture<ReadByPage> readBy(
      String conv, long seq, ReceiptKind kind, String after, int limit) {
    return groups.readBy(conv, seq, kind, after, limit);
  }

  /** What this device knows of group {@code conv}; empty for a group it has never heard of. */
  public Optional<Group> group(String conv) {
    return store.groups().group(conv);
  }

  /**
   * The current members of group {@code conv} as this device knows them: from the membership
   * changes it has seen and the {@link #groupInfo} pages it fetched (a device that joined late
   * knows the earlier members only from {@code groupInfo}).
   */
  public List<GroupMember> localMembers(String conv) {
    return store.groups().members(conv);
  }

  /**
   * The handle of a user this device has seen (a peer, a group member, a reader, one looked up with
   * {@link #users}), for showing who sent a group message or made a change.
   */
  public Optional<String> handle(String userId) {
    return store.handle(userId);
  }

  /** Most user ids one {@link #users} call may name. */
  public static final int MAX_USER_LOOKUP = ClientFrame.Users.MAX_IDS;

  /**
   * Looks up the handles of users known only by id (1 to {@value #MAX_USER_LOOKUP} ids), such as a
   * group member who left or was removed before this device saw them: the users of those ids that
   * exist, in the order asked; ids that name no user are left out. The local store keeps the
   * handles, so {@link #handle} knows them from then on.
   *
   * @throws IllegalArgumentException at once for no ids, more than {@value #MAX_USER_LOOKUP}, or
   *     one that cannot be a user id (user ids are lower-case letters and digits)
   */
  public CompletableFuture<List<UserRef>> users(List<String> userIds) {
    // Checked here, by the frame's own rules, so the caller hears of a bad id rather than the loop.
    List<String> ids = new ClientFrame.Users(null, userIds).ids();
    return session
        .request(ref -> new ClientFrame.Users(ref, ids))
        .thenApply(WireModel::userHandles);
  }

  /**
   * Asks for the presence of these users (at most 100) and watches them, replacing the previous
   * watch; the watch is renewed after every reconnect. Changes arrive at {@link
   * ParleyListener#onPresence}. Only users this user shares a conversation with (one with at least
   * one message) are answered; others are left out, as the server does not tell strangers.
   */
  public CompletableFuture<List<Presence>> watchPresence(List<String> userIds) {
    List<String> users = List.copyOf(userIds);
    return session.watchPresence(users).thenApply(WireModel::presence);
  }

  /**
   * Tells the conversation's other members that this user is typing ({@code active}) or stopped.
   * Ephemeral: dropped while offline. Refresh a start every few seconds while typing goes on; the
   * server expires it.
   */
  public void typing(String conv, boolean active) {
    ensureOpen();
    session.typing(conv, active);
  }

  /**
   * Tells the server (and this user's other devices) that the user has read {@code conv} up to
   * {@code seq}.
   */
  public void markRead(String conv, long seq) {
    ensureOpen();
    session.markRead(conv, seq);
  }

  /** The newest {@code limit} messages of {@code conv} in the local store, oldest first. */
  public List<Message> localMessages(String conv, int limit) {
    return store.recentMessages(conv, limit);
  }

  /** This user's read position in {@code conv} as known locally (0 if none). */
  public long readPosition(String conv) {
    return identity().map(me -> store.positions(conv, me.userId()).read()).orElse(0L);
  }

  /** Locally stored messages of others in {@code conv} after this user's read position. */
  public long unreadCount(String conv) {
    return identity().map(me -> store.unreadCount(conv, me.userId())).orElse(0L);
  }

  /** The status of a message this user sent, by key; empty if unknown to this device. */
  public Optional<MessageStatus> status(String messageId) {
    return store.status(messageId);
  }

  /** Number of outbox messages the server has not confirmed yet. */
  public int pendingCount() {
    return store.outbox().pendingCount();
  }

  /**
   * This device's user id, once the server welcomed it (now or in an earlier run on the same
   * store).
   */
  public Optional<String> userId() {
    return identity().map(Identity::userId);
  }

  public ConnectionState connectionState() {
    return session.state();
  }

  public void addListener(ParleyListener listener) {
    listeners.add(listener);
  }

  public void removeListener(ParleyListener listener) {
    listeners.remove(listener);
  }

  /** Closes the session and the store; outbox messages not yet sent stay for the next start. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    session.close();
    listeners.close();
    store.close();
  }

  private Optional<Identity> identity() {
    return store.identity();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
  }

  /**
   * Configures a {@link ParleyClient}. Required: {@link #serverUri}, {@link #token}, {@link
   * #store}. Defaults: reconnect backoff 250 ms to 30 s, outbox retry backoff 250 ms to 30 s (both
   * exponential with full jitter), ping every 25 s, connection declared dead after 60 s without any
   * frame, connect timeout 10 s, at most 100 messages awaiting {@code sent} at a time, at most 1
   * per conversation.
   */
  public static final class Builder {
    private URI serverUri;
    private String token;
    private Path storeFile;
    private Duration reconnectBase = Duration.ofMillis(250);
    private Duration reconnectCap = Duration.ofSeconds(30);
    private Duration retryBase = Duration.ofMillis(250);
    private Duration retryCap = Duration.ofSeconds(30);
    private Duration pingInterval = Duration.ofSeconds(25);
    private Duration deadAfter = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int sendWindow = 100;
    private int conversationWindow = 32;
    private final List<ParleyListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The server: {@code http://host:7070} (the WebSocket path is added) or a full {@code
     * ws://…/v1/ws}.
     */
    public Builder serverUri(URI uri) {
      this.serverUri = uri;
      return this;
    }

    /** The device token from {@link ParleyAccounts#login}. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The SQLite file holding this device's outbox, cursor and local copy; created if missing. */
    public Builder store(Path sqliteFile) {
      this.storeFile = sqliteFile;
      return this;
    }

    /** Adds a listener before the client starts, so no event is missed. */
    public Builder listener(ParleyListener listener) {
      listeners.add(listener);
      return this;
    }

    /** Reconnect delays: full jitter in {@code [0, min(cap, base * 2^attempt)]}. */
    public Builder reconnectBackoff(Duration base, Duration cap) {
      this.reconnectBase = base;
      this.reconnectCap = cap;
      return this;
    }

    /**
     * Delays before resending a message the server refused with {@code overloaded}/{@code
     * internal}.
     */
    public Builder retryBackoff(Duration base, Duration cap) {
      this.retryBase = base;
      this.retryCap = cap;
      return this;
    }

    /** Ping every {@code pingInterval}; reconnect when nothing arrived for {@code deadAfter}. */
    public Builder heartbeat(Duration pingInterval, Duration deadAfter) {
      if (deadAfter.compareTo(pingInterval) <= 0) {
        throw new IllegalArgumentException("deadAfter must exceed pingInterval");
      }
      this.pingInterval = pingInterval;
      this.deadAfter = deadAfter;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * At most this many messages sent and awaiting {@code sent}, all conversations together
     * (default 100).
     */
    public Builder sendWindow(int window) {
      if (window < 1) {
        throw new IllegalArgumentException("window must be at least 1");
      }
      this.sendWindow = window;
      return this;
    }

    /**
     * At most this many messages of one conversation awaiting {@code sent} (default 32). Order is
     * kept with any window: the server stores a conversation's sends in the order they arrive, and
     * after refusing one for now it refuses the later ones ({@code out_of_order}) until the client
     * sends it again, which the outbox does, oldest first (docs/protocol.md, "Sending", Order). A
     * larger window drains a long outbox faster over a slow link; 1 sends one message per round
     * trip.
     */
    public Builder conversationWindow(int window) {
      if (window < 1) {
        throw new IllegalArgumentException("window must be at least 1");
      }
      this.conversationWindow = window;
      return this;
    }

    /** Opens the store and creates the client; call {@link ParleyClient#start()} to connect. */
    public ParleyClient build() {
      Objects.requireNonNull(serverUri, "serverUri");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(storeFile, "store");
      ClientSettings settings =
          new ClientSettings(
              ClientSettings.webSocketUriFor(serverUri),
              token,
              storeFile,
              reconnectBase,
              reconnectCap,
              retryBase,
              retryCap,
              pingInterval,
              deadAfter,
              connectTimeout,
              sendWindow,
              conversationWindow);
      return new ParleyClient(settings, List.copyOf(listeners));
    }
  }
}
