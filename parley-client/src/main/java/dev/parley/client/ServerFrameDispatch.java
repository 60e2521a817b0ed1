package dev.parley.client;

import dev.parley.client.outbox.Outbox;
import dev.parley.client.request.PendingRequests;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.sync.ReadReceipts;
import dev.parley.client.sync.WireModel;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each server frame does to the local store, the outbox, the pending requests and the
 * listeners. One method per frame type ({@link ServerFrame.Handler}), so a new frame type does not
 * compile until it is handled here. A {@code welcome} starts the session: this device's identity is
 * recorded, then it syncs from its cursor and resumes what the previous session left unfinished.
 *
 * <p>Loop-confined: runs on the {@link LoopThread}, which {@link ConnectionKeeper} hands the frames
 * of the current connection to.
 */
final class ServerFrameDispatch implements ServerFrame.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(ServerFrameDispatch.class);

  private final LocalStore store;
  private final Outbox outbox;
  private final PendingRequests requests;
  private final ReadReceipts reads;
  private final ConnectionKeeper connection;
  private final FeedReporter feed;
  private final ListenerDispatcher listeners;

  /** Who this device is: from the store until a {@code welcome} says. */
  private Identity me;

  /** The presence watch to renew on each new session (the server keeps it per session). */
  private List<String> watchedUsers = List.of();

  ServerFrameDispatch(
      LocalStore store,
      Outbox outbox,
      PendingRequests requests,
      ReadReceipts reads,
      ConnectionKeeper connection,
      FeedReporter feed,
      ListenerDispatcher listeners) {
    this.store = store;
    this.outbox = outbox;
    this.requests = requests;
    this.reads = reads;
    this.connection = connection;
    this.feed = feed;
    this.listeners = listeners;
    this.me = store.identity().orElse(null);
  }

  /** This device's identity; null before its first {@code welcome} (in this run or an earlier). */
  Identity me() {
    return me;
  }

  /** Replaces the presence watch that each new session renews. */
  void watch(List<String> users) {
    watchedUsers = users;
  }

  @Override
  public void onWelcome(ServerFrame.Welcome welcome) {
    me = new Identity(welcome.userId(), welcome.handle(), welcome.deviceId());
    // Stored before the state turns ONLINE, so a listener hearing of it finds the user id.
    store.setIdentity(me);
    store.putHandle(me.userId(), me.handle());
    connection.markWelcomed();
    connection.send(new ClientFrame.Sync(store.cursor().orElse(null)));
    reads.unconfirmed().entrySet().stream()
        .filter(read -> store.groups().isMember(read.getKey())) // a left group refuses receipts
        .forEach(read -> connection.send(new ClientFrame.Read(read.getKey(), read.getValue())));
    Consumer<ClientFrame> wire = connection::send;
    if (!watchedUsers.isEmpty()) {
      connection.send(new ClientFrame.Presence(null, watchedUsers));
    }
    requests.onConnected(wire);
    outbox.onConnected(me, wire);
  }

  @Override
  public void onFeed(ServerFrame.Feed frame) {
    if (me == null) {
      return;
    }
    feed.apply(frame, me);
  }

  @Override
  public void onSynced(ServerFrame.Synced synced) {
    if (synced.cursor() != null) {
      store.setCursor(synced.cursor());
    }
    listeners.emit(l -> l.onSynced(synced.reset()));
  }

  @Override
  public void onSent(ServerFrame.Sent sent) {
    outbox.onSent(sent);
  }

  @Override
  public void onError(ServerFrame.Error error) {
    if (outbox.onError(error) || requests.complete(error.ref(), error)) {
      return;
    }
    if (error.ref() == null && ErrorCode.FORBIDDEN.wire().equals(error.code())) {
      // A receipt or typing frame that crossed this user's removal from a group (or a
      // redelivered message acknowledged just after leaving it): expected, nothing to do.
      LOG.debug("server refused a frame: {}", error.message());
    } else {
      LOG.warn("server error {}: {}", error.code(), error.message());
    }
  }

  @Override
  public void onOpened(ServerFrame.Opened opened) {
    store.putConversation(opened.conv(), WireModel.user(opened.peer()));
    requests.complete(opened.ref(), opened);
  }

  @Override
  public void onConversations(ServerFrame.Conversations list) {
    store.transaction(
        () -> {
          for (ConversationSummary item : list.items()) {
            Conversation row = WireModel.conversation(item);
            if (row.peer() != null) {
              store.putConversation(row.conv(), row.peer());
            } else if (row.isGroup()) {
              store.groups().putSummary(row.conv(), row.group());
            }
          }
          return null;
        });
    requests.complete(list.ref(), list);
  }

  @Override
  public void onGroupChanged(ServerFrame.GroupChanged changed) {
    // The change itself comes in the feed, to this device too, in seq order with the others.
    requests.complete(changed.ref(), changed);
  }

  @Override
  public void onGroupInfo(ServerFrame.GroupInfo info) {
    store.groups().putInfo(WireModel.groupInfo(info));
    requests.complete(info.ref(), info);
  }

  @Override
  public void onReadBy(ServerFrame.ReadBy readBy) {
    store.transaction(
        () -> {
          readBy.users().forEach(user -> store.putHandle(user.userId(), user.handle()));
          return null;
        });
    requests.complete(readBy.ref(), readBy);
  }

  @Override
  public void onUsers(ServerFrame.Users users) {
    store.transaction(
        () -> {
          users.users().forEach(user -> store.putHandle(user.userId(), user.handle()));
          return null;
        });
    requests.complete(users.ref(), users);
  }

  @Override
  public void onPresence(ServerFrame.Presence presence) {
    if (presence.ref() != null) {
      requests.complete(presence.ref(), presence);
    }
    List<Presence> users = WireModel.presence(presence.users());
    listeners.emit(l -> l.onPresence(users));
  }

  @Override
  public void onTyping(ServerFrame.Typing typing) {
    listeners.emit(
        l -> l.onTyping(new TypingIndicator(typing.conv(), typing.user(), typing.active())));
  }

  @Override
  public void onHistory(ServerFrame.History history) {
    store.transaction(
        () -> {
          history.messages().stream().map(WireModel::message).forEach(store::insertMessage);
          return null;
        });
    requests.complete(history.ref(), history);
  }

  @Override
  public void onPong(ServerFrame.Pong pong) {
    // Nothing more: every frame, a pong too, already fed the heartbeat (ConnectionKeeper).
  }
}
