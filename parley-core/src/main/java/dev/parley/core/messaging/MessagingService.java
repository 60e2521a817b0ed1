package dev.parley.core.messaging;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.Principal;
import dev.parley.core.account.UserAccount;
import dev.parley.core.account.UserRef;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.GroupMember;
import dev.parley.core.group.GroupStore;
import dev.parley.core.group.MemberPeriod;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import dev.parley.core.metrics.ParleyMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The messaging use cases, authorised against the caller's principal. Never blocks the caller:
 * storage reads run on {@code reads}, writes go through the {@link ConversationLog}.
 */
public final class MessagingService {
  /** Unread counts stop at this many; the client shows "999+". */
  public static final int UNREAD_CAP = 999;

  /** Most user ids one {@link #users} call may name. */
  public static final int MAX_USER_LOOKUP = 256;

  private static final int KNOWN_CACHE_LIMIT = 100_000;

  private final ConversationLog log;
  private final HistoryStore history;
  private final GroupStore groups;
  private final AccountService accounts;
  private final Executor reads;
  private final MessagingLimits limits;
  private final ParleyMetrics metrics;

  /**
   * Handles by user id, for conversation lists; handles never change, so entries never go stale.
   */
  private final Map<String, String> handlesByUser = new ConcurrentHashMap<>();

  public MessagingService(
      ConversationLog log,
      HistoryStore history,
      GroupStore groups,
      AccountService accounts,
      Executor reads,
      MessagingLimits limits,
      ParleyMetrics metrics) {
    this.metrics = metrics;
    this.log = log;
    this.history = history;
    this.groups = groups;
    this.accounts = accounts;
    this.reads = reads;
    this.limits = limits;
  }

  public MessagingLimits limits() {
    return limits;
  }

  public CompletableFuture<MessageSent> send(Principal who, SendMessage command) {
    ConversationId conv = authorise(who, command.conv());
    checkBody(command.body());
    long start = System.nanoTime();
    // Straight to the log, in frame order: the conversation's sequencer keeps a device's messages
    // in order
    // and checks, on a conversation's first message, that its members exist.
    return log.append(
            new NewMessage(
                conv, who.userId(), who.deviceId(), command.id(), command.body(), command.after()))
        .thenApply(
            r -> {
              if (!r.duplicate()) {
                metrics.messageReceived(start);
              }
              return new MessageSent(conv, r.seq(), r.ts(), r.duplicate());
            });
  }

  public CompletableFuture<Void> receipt(Principal who, String convId, long delivered, long read) {
    ConversationId conv = authorise(who, convId);
    return log.advance(new ReceiptUpdate(conv, who.userId(), who.deviceId(), delivered, read));
  }

  /** The 1:1 conversation with the user known as {@code handle}. */
  public CompletableFuture<ConversationOpened> open(Principal who, String handle) {
    return CompletableFuture.supplyAsync(
        () -> {
          UserAccount peer =
              accounts
                  .userByHandle(handle)
                  .orElseThrow(
                      () ->
                          new MessagingException(
                              MessagingException.Reason.UNKNOWN_USER,
                              "no user with handle '" + handle + "'"));
          if (peer.userId().equals(who.userId())) {
            throw new MessagingException(
                MessagingException.Reason.SELF_CONVERSATION,
                "you cannot open a conversation with yourself");
          }
          remember(peer.userId(), peer.handle());
          ConversationId conv = ConversationId.direct(who.userId(), peer.userId());
          return new ConversationOpened(conv, new UserRef(peer.userId(), peer.handle()));
        },
        reads);
  }

  /**
   * The handles of the users {@code userIds} (at most {@value #MAX_USER_LOOKUP}) that exist, each
   * once, in the order first named; an id that names no user is left out, not refused. Clients ask
   * for users they met only by id, such as a group member who left before they saw them.
   *
   * <p>Any authenticated caller may ask about any ids: a handle is a public address (anyone can
   * {@link #open} a chat by handle) and user ids are random, learnt only from conversations one
   * shares, so the answer tells nothing a handle does not. Handles already cached cost no read; the
   * rest are one batch read of the account store.
   */
  public CompletableFuture<List<UserRef>> users(Principal who, List<String> userIds) {
    if (userIds.size() > MAX_USER_LOOKUP) {
      throw new MessagingException(
          MessagingException.Reason.INVALID_REQUEST,
          "at most " + MAX_USER_LOOKUP + " user ids per request");
    }
    return CompletableFuture.supplyAsync(
        () -> {
          Map<String, String> handles = new LinkedHashMap<>();
          List<String> uncached = new ArrayList<>();
          for (String userId : new LinkedHashSet<>(userIds)) {
            String handle = handlesByUser.get(userId);
            handles.put(userId, handle);
            if (handle == null) {
              uncached.add(userId);
            }
          }
          if (!uncached.isEmpty()) {
            for (UserAccount user : accounts.usersByIds(uncached)) {
              handles.put(user.userId(), user.handle());
              remember(user.userId(), user.handle());
            }
          }
          List<UserRef> found = new ArrayList<>(handles.size());
          handles.forEach(
              (userId, handle) -> {
                if (handle != null) {
                  found.add(new UserRef(userId, handle));
                }
              });
          return found;
        },
        reads);
  }

  public CompletableFuture<HistoryPage> history(Principal who, HistoryQuery query) {
    ConversationId conv = authorise(who, query.conv());
    long before = parseSeqToken(query.before(), "before");
    int limit = query.limitOrDefault();
    return CompletableFuture.supplyAsync(
        () -> {
          if (conv.isGroup()) {
            return groupHistory(who, conv, before, limit);
          }
          List<StoredMessage> page = history.messagesBefore(conv, before, limit);
          String next =
              page.isEmpty() || page.get(0).seq() <= 1 ? null : Long.toString(page.get(0).seq());
          return new HistoryPage(conv, page, next);
        },
        reads);
  }

  /**
   * A page of a group's history as the caller may see it: only the seqs of their membership periods
   * (from the change that added them to the one that removed them), newest first across periods.
   */
  private HistoryPage groupHistory(Principal who, ConversationId conv, long before, int limit) {
    GroupMember member =
        groups
            .member(conv, who.userId())
            .orElseThrow(
                () ->
                    new MessagingException(
                        MessagingException.Reason.FORBIDDEN,
                        "conversation '" + conv + "' is not yours"));
    List<MemberPeriod> periods = member.periods();
    List<StoredMessage> page = new ArrayList<>(limit);
    for (int i = periods.size() - 1; i >= 0 && page.size() < limit; i--) {
      MemberPeriod p = periods.get(i);
      long upTo = Math.min(before, p.open() ? Long.MAX_VALUE : p.until() + 1);
      if (upTo <= p.from()) {
        continue;
      }
      List<StoredMessage> part = history.messagesBefore(conv, upTo, limit - page.size());
      List<StoredMessage> visible = new ArrayList<>(part.size());
      for (StoredMessage m : part) {
        if (m.seq() >= p.from()) {
          visible.add(m);
        }
      }
      page.addAll(0, visible);
      if (visible.size() < part.size()) {
        continue; // reached the start of this period
      }
    }
    long first = page.isEmpty() ? 0 : page.get(0).seq();
    boolean more = !page.isEmpty() && member.periods().get(0).from() < first;
    return new HistoryPage(conv, page, more ? Long.toString(first) : null);
  }

  public CompletableFuture<ConversationPage> conversations(
      Principal who, ConversationsQuery query) {
    int limit = query.limitOrDefault();
    return CompletableFuture.supplyAsync(
        () -> {
          HistoryStore.RecentPage page = history.recent(who.userId(), query.before(), limit);
          List<ConversationOverview> items = new ArrayList<>(page.conversations().size());
          for (ConversationId conv : page.conversations()) {
            history
                .conversation(conv)
                .map(state -> summary(who.userId(), state))
                .ifPresent(items::add);
          }
          return new ConversationPage(items, page.next());
        },
        reads);
  }

  private ConversationOverview summary(String userId, ConversationState state) {
    ConversationId conv = state.id();
    if (conv.isGroup()) {
      return groupSummary(userId, state);
    }
    String peerId = conv.peerOf(userId);
    ReceiptPosition mine = state.position(userId);
    ReceiptPosition theirs = state.position(peerId);
    List<StoredMessage> last = history.messagesBefore(conv, state.lastSeq() + 1, 1);
    int unread =
        mine.read() >= state.lastSeq()
            ? 0
            : history.countFromOthersAfter(conv, userId, mine.read(), UNREAD_CAP);
    return new ConversationOverview(
        conv,
        new UserRef(peerId, handleOf(peerId)),
        last.isEmpty() ? null : last.get(0),
        unread,
        mine.read(),
        mine.delivered(),
        theirs.read(),
        theirs.delivered(),
        state.lastTs(),
        null);
  }

  private ConversationOverview groupSummary(String userId, ConversationState state) {
    ConversationId conv = state.id();
    GroupStore.GroupHeader header = groups.header(conv).orElse(null);
    GroupMember member = groups.member(conv, userId).orElse(null);
    if (header == null || member == null) {
      return null;
    }
    // Positions start at the seq the member joined: what came before is not theirs to read.
    ReceiptPosition mine = groups.position(conv, userId).advance(member.since(), member.since());
    long visibleUntil =
        member.current()
            ? state.lastSeq()
            : member.periods().get(member.periods().size() - 1).until();
    List<StoredMessage> last = history.messagesBefore(conv, visibleUntil + 1, 1);
    int unread =
        mine.read() >= visibleUntil
            ? 0
            : history.countFromOthersAfter(
                conv, userId, Math.max(mine.read(), member.since() - 1), UNREAD_CAP);
    return new ConversationOverview(
        conv,
        null,
        last.isEmpty() ? null : last.get(0),
        Math.min(unread, Math.max(0, visibleUntil - mine.read())),
        mine.read(),
        mine.delivered(),
        header.allRead(),
        header.allDelivered(),
        last.isEmpty() ? state.lastTs() : last.get(0).ts(),
        new ConversationOverview.GroupOverview(header.title(), header.size(), member.current()));
  }

  private String handleOf(String userId) {
    String cached = handlesByUser.get(userId);
    if (cached != null) {
      return cached;
    }
    String handle = accounts.userById(userId).map(UserAccount::handle).orElse(null);
    if (handle != null) {
      remember(userId, handle);
    }
    return handle;
  }

  private void remember(String userId, String handle) {
    if (handlesByUser.size() < KNOWN_CACHE_LIMIT) {
      handlesByUser.put(userId, handle);
    }
  }

  /**
   * The conversation, if it is one of the caller's; else {@code unknown_conversation} or {@code
   * forbidden}.
   */
  public ConversationId authorise(Principal who, String convId) {
    ConversationId conv =
        ConversationId.parse(convId)
            .orElseThrow(
                () ->
                    new MessagingException(
                        MessagingException.Reason.UNKNOWN_CONVERSATION,
                        "'" + convId + "' is not a conversation id"));
    // A group's membership is judged where it is authoritative: its single writer for sends and
    // receipts, the group store for reads.
    if (!conv.isGroup() && !conv.hasMember(who.userId())) {
      throw new MessagingException(
          MessagingException.Reason.FORBIDDEN, "conversation '" + convId + "' is not yours");
    }
    return conv;
  }

  private void checkBody(String body) {
    if (body.isEmpty()) {
      throw new MessagingException(MessagingException.Reason.BODY_EMPTY, "body is empty");
    }
    if (body.length() * 3L > limits.maxBodyBytes()) {
      int bytes = body.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > limits.maxBodyBytes()) {
        throw new MessagingException(
            MessagingException.Reason.BODY_TOO_LONG,
            "body is " + bytes + " bytes; the limit is " + limits.maxBodyBytes());
      }
    }
  }

  private static long parseSeqToken(String token, String field) {
    if (token == null) {
      return Long.MAX_VALUE;
    }
    try {
      long v = Long.parseLong(token);
      if (v < 1) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new MessagingException(
          MessagingException.Reason.INVALID_REQUEST,
          "'" + field + "' is not a page token from this server");
    }
  }
}
