package dev.parley.core.presence;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.Principal;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.CommitListener;
import dev.parley.core.log.Committed;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.routing.DeviceRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Presence and typing: high-churn, best-effort signals, never stored and sent only to those
 * entitled.
 *
 * <p><b>Who hears a user's presence:</b> the users who share a conversation with them (their peers:
 * a conversation shares once it has a message, which puts it in both members' conversation lists),
 * pushed unasked and on request; nobody else, whatever they ask. <b>Coalescing:</b> a change is
 * announced at the end of a window ({@code coalesceWindow}, 300 ms by default) and only if the
 * state differs from the last announcement, so a phone flapping between networks costs its peers
 * nothing. <b>Privacy:</b> a user who hides last seen is announced as online/offline only.
 * <b>Typing</b> is forwarded on start and stop and expires on its own after {@code typingTtl}
 * without a refresh.
 *
 * <p>All state changes run on one scheduler thread, so this class needs no locks of its own.
 */
public final class PresenceService implements CommitListener {
  private static final int PEERS_LOADED = 1_000;

  private final PresenceStore store;
  private final DeviceRouter router;
  private final HistoryStore history;
  private final AccountService accounts;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final long windowMillis;
  private final long typingTtlMillis;
  private final ParleyMetrics metrics;

  /**
   * Peers per user, loaded on first need and extended when a new conversation gets its first
   * message.
   */
  private final Map<String, Set<String>> peers = new ConcurrentHashMap<>();

  private final Map<String, Set<SessionFeed>> watchers = new ConcurrentHashMap<>();
  private final Map<SessionFeed, Set<String>> watching = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> pendingAnnouncements = new HashMap<>();
  private final Map<String, Boolean> lastAnnouncedOnline = new HashMap<>();

  /**
   * Per user with a pending announcement: whether they were online when its window opened. A window
   * that ends where it began was a flap and is not announced. (Not "what this node announced last":
   * in a cluster another node may have announced the transition before, and the store reports each
   * once.)
   */
  private final Map<String, Boolean> onlineBeforeWindow = new HashMap<>();

  private final Map<String, Typing> typing = new HashMap<>();

  public PresenceService(
      PresenceStore store,
      DeviceRouter router,
      HistoryStore history,
      AccountService accounts,
      ScheduledExecutorService scheduler,
      Clock clock,
      Duration coalesceWindow,
      Duration typingTtl,
      ParleyMetrics metrics) {
    this.store = store;
    this.router = router;
    this.history = history;
    this.accounts = accounts;
    this.scheduler = scheduler;
    this.clock = clock;
    this.windowMillis = coalesceWindow.toMillis();
    this.typingTtlMillis = typingTtl.toMillis();
    this.metrics = metrics;
  }

  /**
   * Called from the transport's thread. The store is touched on the presence thread: a cluster's
   * store is a network round trip, which must not run on an event loop, and one thread keeps a
   * connection's open and close in order.
   */
  public void connected(Principal who, String connectionId) {
    scheduler.execute(
        () -> {
          if (store.connected(who.userId(), connectionId)) {
            changed(who.userId(), true);
          }
        });
  }

  public void disconnected(Principal who, String connectionId, SessionFeed session) {
    unwatch(session);
    long at = clock.millis();
    scheduler.execute(
        () -> {
          if (store.disconnected(who.userId(), connectionId, at)) {
            changed(who.userId(), false);
          }
          stopTypingOf(connectionId);
        });
  }

  /**
   * The current presence of the users this session may see — its user's peers: users it shares a
   * conversation with at least one message — leaving everyone else out, as if they did not exist.
   * Opening a chat with a handle is not enough: a stranger must not be able to look a handle up and
   * watch when its owner is online. The session then watches them for changes, replacing what it
   * watched before.
   */
  public List<PresenceStatus> query(Principal who, Collection<String> users, SessionFeed session) {
    Set<String> mine = peersOf(who.userId());
    List<PresenceStatus> out = new ArrayList<>();
    Set<String> allowed = new HashSet<>();
    for (String user : users) {
      if (!user.equals(who.userId()) && mine.contains(user) && allowed.add(user)) {
        out.add(visible(user));
      }
    }
    unwatch(session);
    watching.put(session, allowed);
    for (String user : allowed) {
      watchers.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(session);
    }
    return out;
  }

  /**
   * A device says its user is typing, or stopped, in {@code conv}; the other members' devices hear
   * it.
   */
  /**
   * {@code who} started or stopped typing in {@code conv}; {@code audience} are the members to tell
   * (a 1:1 conversation's two, a group's current members). Only the start and the stop are
   * announced; refreshes within the typing TTL are not.
   */
  public void typing(
      Principal who,
      ConversationId conv,
      List<String> audience,
      String connectionId,
      boolean active) {
    scheduler.execute(
        () -> {
          String key = connectionId + '\0' + conv.value();
          Typing current = typing.get(key);
          if (active) {
            if (current != null) {
              current.expiry.cancel(false);
            } else {
              announceTyping(who.userId(), conv, audience, true);
            }
            ScheduledFuture<?> expiry =
                scheduler.schedule(() -> stop(key), typingTtlMillis, TimeUnit.MILLISECONDS);
            typing.put(key, new Typing(who.userId(), conv, audience, connectionId, expiry));
          } else if (current != null) {
            current.expiry.cancel(false);
            stop(key);
          }
        });
  }

  /**
   * A new conversation makes its members peers: each learns the other's presence now, and changes
   * from then on. (Runs on the log's thread: only map updates here, the pushes go to the presence
   * thread.)
   */
  @Override
  public void committed(List<Committed> batch) {
    for (Committed c : batch) {
      if (c.event() instanceof StoredMessage m && m.seq() == 1) {
        // The conversation's members, not the event's audience: a partitioned log hands each
        // member's
        // copy over separately, with that member alone as audience.
        List<String> members =
            ConversationId.parse(m.conv()).map(ConversationId::members).orElse(c.audience());
        for (String a : members) {
          Set<String> known = peers.get(a);
          if (known != null) {
            for (String b : members) {
              if (!b.equals(a)) {
                known.add(b);
              }
            }
          }
        }
        scheduler.execute(() -> introduce(members));
      }
    }
  }

  private void introduce(List<String> members) {
    int pushed = 0;
    for (String a : members) {
      EphemeralEvent event = new EphemeralEvent.PresenceChanged(List.of(announced(a)));
      for (String b : members) {
        if (!b.equals(a)) {
          pushed += router.pushToUser(b, event, null);
        }
      }
    }
    metrics.presencePushed(pushed);
  }

  private void changed(String userId, boolean online) {
    if (pendingAnnouncements.containsKey(userId)) {
      return;
    }
    onlineBeforeWindow.put(userId, !online);
    pendingAnnouncements.put(
        userId, scheduler.schedule(() -> announce(userId), windowMillis, TimeUnit.MILLISECONDS));
  }

  private void announce(String userId) {
    pendingAnnouncements.remove(userId);
    PresenceStatus now = visible(userId);
    boolean before = onlineBeforeWindow.remove(userId);
    if (now.online() == before) {
      return;
    }
    EphemeralEvent event = new EphemeralEvent.PresenceChanged(List.of(now));
    Set<String> audience = peersOf(userId);
    int pushed = 0;
    for (String peer : audience) {
      pushed += router.pushToUser(peer, event, null);
    }
    for (SessionFeed session : watchers.getOrDefault(userId, Set.of())) {
      if (!audience.contains(session.session().userId())) {
        session.session().push(event);
        pushed++;
      }
    }
    metrics.presencePushed(pushed);
    if (now.online()) {
      lastAnnouncedOnline.put(userId, true);
    } else {
      lastAnnouncedOnline.remove(userId);
      peers.remove(userId); // reloaded when the user is next seen; keeps memory to the users online
    }
  }

  /**
   * What peers were last told, so an introduction never contradicts a coalesced announcement: a
   * user whose coming online is still pending is introduced as offline, and the pending
   * announcement follows.
   */
  private PresenceStatus announced(String userId) {
    if (lastAnnouncedOnline.containsKey(userId)) {
      return new PresenceStatus(userId, true, null);
    }
    PresenceStatus now = visible(userId);
    return now.online() ? new PresenceStatus(userId, false, null) : now;
  }

  private PresenceStatus visible(String userId) {
    PresenceStore.Snapshot s = store.snapshot(userId);
    Long lastSeen = s.online() || accounts.hidesLastSeen(userId) ? null : s.lastSeen();
    return new PresenceStatus(userId, s.online(), lastSeen);
  }

  private void stopTypingOf(String connectionId) {
    for (String key : List.copyOf(typing.keySet())) {
      if (key.startsWith(connectionId + '\0')) {
        typing.get(key).expiry.cancel(false);
        stop(key);
      }
    }
  }

  private void stop(String key) {
    Typing t = typing.remove(key);
    if (t != null) {
      announceTyping(t.user, t.conv, t.audience, false);
    }
  }

  private void announceTyping(
      String userId, ConversationId conv, List<String> audience, boolean active) {
    EphemeralEvent event = new EphemeralEvent.Typing(conv.value(), userId, active);
    int pushed = 0;
    for (String member : audience) {
      if (!member.equals(userId)) {
        pushed += router.pushToUser(member, event, null);
      }
    }
    metrics.presencePushed(pushed);
  }

  private Set<String> peersOf(String userId) {
    return peers.computeIfAbsent(
        userId,
        u -> {
          Set<String> set = ConcurrentHashMap.newKeySet();
          for (ConversationId conv : history.recent(u, null, PEERS_LOADED).conversations()) {
            for (String member : conv.members()) {
              if (!member.equals(u)) {
                set.add(member);
              }
            }
          }
          return set;
        });
  }

  private void unwatch(SessionFeed session) {
    Set<String> before = watching.remove(session);
    if (before != null) {
      for (String user : before) {
        watchers.computeIfPresent(
            user,
            (u, set) -> {
              set.remove(session);
              return set.isEmpty() ? null : set;
            });
      }
    }
  }

  private record Typing(
      String user,
      ConversationId conv,
      List<String> audience,
      String connectionId,
      ScheduledFuture<?> expiry) {}
}
