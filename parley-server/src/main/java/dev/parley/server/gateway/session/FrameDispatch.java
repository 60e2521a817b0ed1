package dev.parley.server.gateway.session;

import dev.parley.core.account.Principal;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.group.AddMembers;
import dev.parley.core.group.CreateGroup;
import dev.parley.core.group.GroupChanged;
import dev.parley.core.group.GroupService;
import dev.parley.core.group.LeaveGroup;
import dev.parley.core.group.MembersQuery;
import dev.parley.core.group.ReadByQuery;
import dev.parley.core.group.RemoveMember;
import dev.parley.core.group.RenameGroup;
import dev.parley.core.group.SetAdmin;
import dev.parley.core.log.AppendUnconfirmedException;
import dev.parley.core.messaging.ConversationsQuery;
import dev.parley.core.messaging.DeviceRateLimiter;
import dev.parley.core.messaging.HistoryQuery;
import dev.parley.core.messaging.MessagingException;
import dev.parley.core.messaging.MessagingService;
import dev.parley.core.messaging.SendMessage;
import dev.parley.core.messaging.SendOrder;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Each client frame's use case, for one {@link DeviceConnection}: the frame becomes a core command
 * or query, the result a reply frame ({@link ReplyFrames}). Receipts and typing are fire-and-forget
 * (no reply unless they fail); every other frame is answered. Frames draw on the device's rate
 * limits, and reads on the connection's bound on reads waiting.
 */
final class FrameDispatch implements ClientFrame.Handler {
  private final Principal principal;
  private final FrameSession session;
  private final ConnectionServices services;
  private final MessagingService messaging;
  private final GroupService groups;
  private final SessionFeed feed;
  private final String connectionId;
  private final DeviceRateLimiter limiter;
  private final Runnable onRefusal;

  /** Requests of this connection waiting for the read pool; bounded by {@code maxPendingReads}. */
  private final AtomicInteger pendingReads = new AtomicInteger();

  FrameDispatch(
      Principal principal,
      FrameSession session,
      ConnectionServices services,
      SessionFeed feed,
      String connectionId,
      Runnable onRefusal) {
    this.principal = principal;
    this.session = session;
    this.services = services;
    this.feed = feed;
    this.connectionId = connectionId;
    this.onRefusal = onRefusal;
    this.messaging = services.messaging();
    this.groups = services.groups();
    this.limiter = services.rateLimiters().of(principal.deviceId());
  }

  void handle(ClientFrame frame) {
    try {
      frame.accept(this);
    } catch (RuntimeException e) {
      session.send(errorFrame(frame.ref(), e));
    }
  }

  @Override
  public void onSend(ClientFrame.Send f) {
    SendOrder order = services.sendOrder();
    String device = principal.deviceId();
    String first = order.admit(device, f.conv(), f.id());
    if (first != null) {
      // Cheap and answered at once, so not counted against the refused-frames budget: a client
      // with a window in flight gets one of these per message behind the refused one.
      services.metrics().rejected(ErrorCode.OUT_OF_ORDER.wire());
      session.send(
          new ServerFrame.Error(
              f.ref(),
              ErrorCode.OUT_OF_ORDER.wire(),
              "an earlier message of this conversation was refused; send it again first",
              null,
              first));
      return;
    }
    if (!allowed(f.ref(), DeviceRateLimiter.Kind.MESSAGE)) {
      order.refused(device, f.conv(), f.id());
      return;
    }
    SendMessage command = new SendMessage(f.conv(), UUID.fromString(f.id()), f.body(), f.after());
    // The block is in place before the refusal leaves, so a client that reacts to it finds it.
    messaging
        .send(principal, command)
        .whenComplete(
            (sent, err) -> {
              ServerFrame frame =
                  answer(f.ref(), sent, err, s -> ReplyFrames.sent(f.ref(), f.id(), s));
              if (frame instanceof ServerFrame.Error e) {
                // An unconfirmed append keeps its place in the log, so nothing later can pass it:
                // blocking behind it would only hold back sends, and if another attempt of it was
                // stored meanwhile, name a message the client will never send again.
                if (ErrorCode.retryable(e.code())
                    && !(ErrorFrames.unwrap(err) instanceof AppendUnconfirmedException)) {
                  order.refused(device, f.conv(), f.id());
                }
              } else {
                order.stored(device, f.conv(), f.id());
              }
              session.send(frame);
            });
  }

  @Override
  public void onReceived(ClientFrame.Received f) {
    if (allowed(null, DeviceRateLimiter.Kind.RECEIPT)) {
      quiet(messaging.receipt(principal, f.conv(), f.seq(), 0));
    }
  }

  @Override
  public void onRead(ClientFrame.Read f) {
    if (allowed(null, DeviceRateLimiter.Kind.RECEIPT)) {
      quiet(messaging.receipt(principal, f.conv(), f.seq(), f.seq()));
    }
  }

  @Override
  public void onSync(ClientFrame.Sync f) {
    if (allowed(null, DeviceRateLimiter.Kind.READ)) {
      feed.sync(f.after());
    }
  }

  @Override
  public void onOpen(ClientFrame.Open f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.OPEN)) {
      read(
          f.ref(),
          () -> messaging.open(principal, f.handle()),
          opened -> ReplyFrames.opened(f.ref(), opened));
    }
  }

  @Override
  public void onConversations(ClientFrame.Conversations f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.READ)) {
      ConversationsQuery query = new ConversationsQuery(f.before(), f.limit());
      read(
          f.ref(),
          () -> messaging.conversations(principal, query),
          page -> ReplyFrames.conversations(f.ref(), page));
    }
  }

  @Override
  public void onHistory(ClientFrame.History f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.READ)) {
      HistoryQuery query = new HistoryQuery(f.conv(), f.before(), f.limit());
      read(
          f.ref(),
          () -> messaging.history(principal, query),
          page -> ReplyFrames.history(f.ref(), page));
    }
  }

  @Override
  public void onPing(ClientFrame.Ping f) {
    session.send(new ServerFrame.Pong(f.ref()));
  }

  @Override
  public void onPresence(ClientFrame.Presence f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.CHATTER)) {
      read(
          f.ref(),
          () ->
              CompletableFuture.supplyAsync(
                  () -> services.presence().query(principal, f.users(), feed), services.reads()),
          users -> new ServerFrame.Presence(f.ref(), PushFrames.presence(users)));
    }
  }

  @Override
  public void onTyping(ClientFrame.Typing f) {
    if (!allowed(null, DeviceRateLimiter.Kind.CHATTER)) {
      return;
    }
    ConversationId conv = messaging.authorise(principal, f.conv());
    if (!conv.isGroup()) {
      services.presence().typing(principal, conv, conv.members(), connectionId, f.active());
      return;
    }
    quiet(
        groups
            .typingAudience(principal, conv)
            .thenAccept(
                audience ->
                    services
                        .presence()
                        .typing(principal, conv, audience, connectionId, f.active())));
  }

  @Override
  public void onCreateGroup(ClientFrame.CreateGroup f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.MESSAGE)) {
      CreateGroup command = new CreateGroup(UUID.fromString(f.id()), f.title(), f.members());
      changeGroup(f.ref(), () -> groups.create(principal, command));
    }
  }

  @Override
  public void onGroupAdd(ClientFrame.GroupAdd f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.MESSAGE)) {
      changeGroup(f.ref(), () -> groups.add(principal, new AddMembers(f.conv(), f.handles())));
    }
  }

  @Override
  public void onGroupRemove(ClientFrame.GroupRemove f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.MESSAGE)) {
      changeGroup(f.ref(), () -> groups.remove(principal, new RemoveMember(f.conv(), f.user())));
    }
  }

  @Override
  public void onGroupLeave(ClientFrame.GroupLeave f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.MESSAGE)) {
      changeGroup(f.ref(), () -> groups.leave(principal, new LeaveGroup(f.conv())));
    }
  }

  @Override
  public void onGroupAdmin(ClientFrame.GroupAdmin f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.MESSAGE)) {
      changeGroup(
          f.ref(), () -> groups.setAdmin(principal, new SetAdmin(f.conv(), f.user(), f.admin())));
    }
  }

  @Override
  public void onGroupRename(ClientFrame.GroupRename f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.MESSAGE)) {
      changeGroup(f.ref(), () -> groups.rename(principal, new RenameGroup(f.conv(), f.title())));
    }
  }

  @Override
  public void onGroupInfo(ClientFrame.GroupInfo f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.CHATTER)) {
      MembersQuery query = new MembersQuery(f.conv(), f.after(), f.limit());
      reply(f.ref(), groups.info(principal, query), page -> ReplyFrames.groupInfo(f.ref(), page));
    }
  }

  @Override
  public void onReadBy(ClientFrame.ReadBy f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.CHATTER)) {
      ReadByQuery query =
          new ReadByQuery(
              f.conv(), f.seq(), ReplyFrames.readByKind(f.kind()), f.after(), f.limit());
      reply(f.ref(), groups.readBy(principal, query), page -> ReplyFrames.readBy(f.ref(), page));
    }
  }

  /** A store read like {@code presence}: a chatter frame that waits for the read pool. */
  @Override
  public void onUsers(ClientFrame.Users f) {
    if (allowed(f.ref(), DeviceRateLimiter.Kind.CHATTER)) {
      read(
          f.ref(),
          () -> messaging.users(principal, f.ids()),
          users -> ReplyFrames.users(f.ref(), users));
    }
  }

  @Override
  public void onAuth(ClientFrame.Auth f) {
    session.send(
        errorFrame(
            null,
            new MessagingException(
                MessagingException.Reason.INVALID_REQUEST,
                "this session is already authenticated")));
  }

  private void changeGroup(String ref, Supplier<CompletableFuture<GroupChanged>> change) {
    reply(ref, change.get(), changed -> ReplyFrames.groupChanged(ref, changed));
  }

  private boolean allowed(String ref, DeviceRateLimiter.Kind kind) {
    long waitMs = limiter.tryAcquire(kind);
    if (waitMs == 0) {
      return true;
    }
    services.metrics().rejected(ErrorCode.RATE_LIMITED.wire());
    onRefusal.run();
    session.send(
        new ServerFrame.Error(
            ref,
            ErrorCode.RATE_LIMITED.wire(),
            "slow down: too many " + kind.name().toLowerCase(Locale.ROOT) + " frames",
            waitMs));
    return false;
  }

  /**
   * Starts a request that waits for the read pool and replies to it, unless this connection already
   * has {@code maxPendingReads} waiting: a client pipelining thousands of reads must not fill the
   * pool's queue that every other user's reads share.
   */
  private <T> void read(
      String ref,
      Supplier<CompletableFuture<T>> request,
      Function<? super T, ? extends ServerFrame> reply) {
    if (pendingReads.incrementAndGet() > services.rateLimiters().limits().maxPendingReads()) {
      pendingReads.decrementAndGet();
      services.metrics().rejected(ErrorCode.OVERLOADED.wire());
      onRefusal.run();
      session.send(
          new ServerFrame.Error(
              ref,
              ErrorCode.OVERLOADED.wire(),
              "too many requests in flight on this connection; wait for their answers",
              ErrorFrames.OVERLOADED_RETRY_MS));
      return;
    }
    CompletableFuture<T> future;
    try {
      future = request.get();
    } catch (RuntimeException e) {
      pendingReads.decrementAndGet();
      throw e;
    }
    future.whenComplete(
        (result, err) -> {
          pendingReads.decrementAndGet();
          session.send(answer(ref, result, err, reply));
        });
  }

  private <T> void reply(
      String ref, CompletableFuture<T> future, Function<? super T, ? extends ServerFrame> reply) {
    future.whenComplete((result, err) -> session.send(answer(ref, result, err, reply)));
  }

  private <T> ServerFrame answer(
      String ref, T result, Throwable err, Function<? super T, ? extends ServerFrame> reply) {
    if (err != null) {
      return errorFrame(ref, err);
    }
    try {
      return reply.apply(result);
    } catch (RuntimeException e) {
      return errorFrame(ref, e);
    }
  }

  private void quiet(CompletableFuture<Void> future) {
    future.whenComplete(
        (ok, err) -> {
          if (err != null) {
            session.send(errorFrame(null, err));
          }
        });
  }

  private ServerFrame.Error errorFrame(String ref, Throwable err) {
    return ErrorFrames.of(ref, err, connectionId, services.metrics());
  }
}
