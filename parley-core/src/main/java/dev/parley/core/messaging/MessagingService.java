package dev.parley.core.messaging;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.Principal;
import dev.parley.core.account.UserAccount;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.conversation.ReceiptPosition;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  private static final int KNOWN_CACHE_LIMIT = 100_000;

  private final ConversationLog log;
  private final HistoryStore history;
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
      AccountService accounts,
      Executor reads,
      MessagingLimits limits,
      ParleyMetrics metrics) {
    this.metrics = metrics;
    this.log = log;
    this.history = history;
    this.accounts = accounts;
    this.reads = reads;
    this.limits = limits;
  }

  public MessagingLimits limits() {
    return limits;
  }

  public CompletableFuture<ServerFrame> send(Principal who, ClientFrame.Send frame) {
    ConversationId conv = authorise(who, frame.conv());
    checkBody(frame.body());
    UUID id = UUID.fromString(frame.id());
    long start = System.nanoTime();
    // Straight to the log, in frame order: the conversation's sequencer keeps a device's messages
    // in order
    // and checks, on a conversation's first message, that its members exist.
    return log.append(new NewMessage(conv, who.userId(), who.deviceId(), id, frame.body()))
        .thenApply(
            r -> {
              if (!r.duplicate()) {
                metrics.messageReceived(start);
              }
              return new ServerFrame.Sent(frame.ref(), frame.id(), conv.value(), r.seq(), r.ts());
            });
  }

  public CompletableFuture<Void> receipt(Principal who, String convId, long delivered, long read) {
    ConversationId conv = authorise(who, convId);
    return log.advance(new ReceiptUpdate(conv, who.userId(), who.deviceId(), delivered, read));
  }

  public CompletableFuture<ServerFrame> open(Principal who, ClientFrame.Open frame) {
    return CompletableFuture.supplyAsync(
        () -> {
          UserAccount peer =
              accounts
                  .userByHandle(frame.handle())
                  .orElseThrow(
                      () ->
                          new MessagingException(
                              ErrorCode.UNKNOWN_USER,
                              "no user with handle '" + frame.handle() + "'"));
          if (peer.userId().equals(who.userId())) {
            throw new MessagingException(
                ErrorCode.SELF_CONVERSATION, "you cannot open a conversation with yourself");
          }
          remember(peer.userId(), peer.handle());
          ConversationId conv = ConversationId.direct(who.userId(), peer.userId());
          return new ServerFrame.Opened(
              frame.ref(), conv.value(), new Peer(peer.userId(), peer.handle()));
        },
        reads);
  }

  public CompletableFuture<ServerFrame> history(Principal who, ClientFrame.History frame) {
    ConversationId conv = authorise(who, frame.conv());
    long before = parseSeqToken(frame.before(), "before");
    int limit = frame.limit() == null ? 50 : frame.limit();
    return CompletableFuture.supplyAsync(
        () -> {
          List<FeedEvent.Message> page = history.messagesBefore(conv, before, limit);
          String next =
              page.isEmpty() || page.get(0).seq() <= 1 ? null : Long.toString(page.get(0).seq());
          return new ServerFrame.History(frame.ref(), conv.value(), page, next);
        },
        reads);
  }

  public CompletableFuture<ServerFrame> conversations(
      Principal who, ClientFrame.Conversations frame) {
    int limit = frame.limit() == null ? 50 : frame.limit();
    return CompletableFuture.supplyAsync(
        () -> {
          HistoryStore.RecentPage page = history.recent(who.userId(), frame.before(), limit);
          List<ConversationSummary> items = new ArrayList<>(page.conversations().size());
          for (ConversationId conv : page.conversations()) {
            history.conversation(conv).ifPresent(state -> items.add(summary(who.userId(), state)));
          }
          return new ServerFrame.Conversations(frame.ref(), items, page.next());
        },
        reads);
  }

  private ConversationSummary summary(String userId, ConversationState state) {
    ConversationId conv = state.id();
    String peerId = conv.peerOf(userId);
    ReceiptPosition mine = state.position(userId);
    ReceiptPosition theirs = state.position(peerId);
    List<FeedEvent.Message> last = history.messagesBefore(conv, state.lastSeq() + 1, 1);
    int unread =
        mine.read() >= state.lastSeq()
            ? 0
            : history.countFromOthersAfter(conv, userId, mine.read(), UNREAD_CAP);
    return new ConversationSummary(
        conv.value(),
        new Peer(peerId, handleOf(peerId)),
        last.isEmpty() ? null : last.get(0),
        unread,
        mine.read(),
        mine.delivered(),
        theirs.read(),
        theirs.delivered(),
        state.lastTs());
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
                        ErrorCode.UNKNOWN_CONVERSATION,
                        "'" + convId + "' is not a conversation id"));
    if (!conv.hasMember(who.userId())) {
      throw new MessagingException(
          ErrorCode.FORBIDDEN, "conversation '" + convId + "' is not yours");
    }
    return conv;
  }

  private void checkBody(String body) {
    if (body.isEmpty()) {
      throw new MessagingException(ErrorCode.BODY_EMPTY, "body is empty");
    }
    if (body.length() * 3L > limits.maxBodyBytes()) {
      int bytes = body.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > limits.maxBodyBytes()) {
        throw new MessagingException(
            ErrorCode.BODY_TOO_LONG,
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
          ErrorCode.INVALID_FRAME, "'" + field + "' is not a page token from this server");
    }
  }
}
