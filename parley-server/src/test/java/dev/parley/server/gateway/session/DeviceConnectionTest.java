package dev.parley.server.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.DeviceLimits;
import dev.parley.core.account.LoginLimits;
import dev.parley.core.account.MemoryAccountStore;
import dev.parley.core.account.PasswordHasher;
import dev.parley.core.account.Principal;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedBatch;
import dev.parley.core.feed.FeedCursor;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.group.GroupService;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.AppendUnconfirmedException;
import dev.parley.core.log.CommitListener;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.LogUnavailableException;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import dev.parley.core.messaging.DeviceRateLimiters;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.messaging.MessagingLimits;
import dev.parley.core.messaging.MessagingService;
import dev.parley.core.messaging.RateLimits;
import dev.parley.core.messaging.SendOrder;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.presence.EphemeralEvent;
import dev.parley.core.presence.LocalPresenceStore;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.routing.LocalDeviceRouter;
import dev.parley.core.testing.MemoryFeedStore;
import dev.parley.core.testing.RecordingSession;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a connection turns frames into core calls and results into replies, and how it answers reads
 * under overload: per-device buckets, a pending bound, no 500s.
 */
class DeviceConnectionTest {
  private static final LongSupplier STOPPED_CLOCK = () -> 0L;

  private static final Principal ALICE = new Principal("aaaa", "alice", "phone");
  private static final String CONV = ConversationId.direct("aaaa", "bbbb").value();

  private final ScheduledExecutorService presenceThread =
      Executors.newSingleThreadScheduledExecutor();
  private final ParleyMetrics metrics = ParleyMetrics.inMemory();
  private final AccountService accounts =
      new AccountService(
          new MemoryAccountStore(),
          new PasswordHasher(1024),
          Clock.systemUTC(),
          LoginLimits.UNLIMITED,
          DeviceLimits.DEFAULTS,
          (user, device) -> {});

  @AfterEach
  void stop() {
    presenceThread.shutdownNow();
  }

  @Test
  void repliesCarryTheRequestsRefAndTheClientsOwnId() {
    Session session = new Session();
    DeviceConnection c =
        DeviceConnection.open(
            ALICE,
            session.recording,
            services(Runnable::run, RateLimits.UNLIMITED),
            session::refused);
    String id = "3f2b6c1e-8a4d-4e7b-9c0a-5d6e7f8a9b0c";
    c.handle(new ClientFrame.Send("s1", id, CONV, "hi"));
    c.handle(new ClientFrame.History("h1", CONV, null, 10));
    c.handle(new ClientFrame.Conversations("c1", null, null));

    assertThat(session.frames(ServerFrame.Sent.class))
        .containsExactly(new ServerFrame.Sent("s1", id, CONV, 7, 1_234));
    assertThat(session.frames(ServerFrame.History.class))
        .containsExactly(new ServerFrame.History("h1", CONV, List.of(), null));
    assertThat(session.frames(ServerFrame.Conversations.class))
        .containsExactly(new ServerFrame.Conversations("c1", List.of(), null));
    assertThat(session.errors()).isEmpty();
  }

  @Test
  void aSendRefusedForNowHoldsBackTheNextOnesUnlessItKeepsItsPlaceInTheLog() {
    Session session = new Session();
    DeviceConnection c =
        DeviceConnection.open(
            ALICE,
            session.recording,
            services(Runnable::run, RateLimits.UNLIMITED),
            session::refused);
    c.handle(new ClientFrame.Send("s1", "00000000-0000-4000-8000-000000000001", CONV, "full"));
    c.handle(new ClientFrame.Send("s2", "00000000-0000-4000-8000-000000000002", CONV, "later"));
    c.handle(new ClientFrame.Send("s1", "00000000-0000-4000-8000-000000000001", CONV, "sent"));
    // The send held back comes next, again in order.
    c.handle(new ClientFrame.Send("s2", "00000000-0000-4000-8000-000000000002", CONV, "later"));
    // Unanswered in time, but queued ahead of what comes next: nothing can pass it.
    c.handle(
        new ClientFrame.Send("s3", "00000000-0000-4000-8000-000000000003", CONV, "unconfirmed"));
    c.handle(new ClientFrame.Send("s4", "00000000-0000-4000-8000-000000000004", CONV, "later"));

    assertThat(session.errors())
        .extracting(ServerFrame.Error::ref, ServerFrame.Error::code)
        .containsExactly(
            tuple("s1", "overloaded"), tuple("s2", "out_of_order"), tuple("s3", "overloaded"));
    assertThat(session.frames(ServerFrame.Sent.class))
        .extracting(ServerFrame.Sent::ref)
        .containsExactly("s1", "s2", "s4");
  }

  @Test
  void aFullReadPoolAnswersOverloadedNotInternal() {
    Executor full =
        task -> {
          throw new RejectedExecutionException("queue full");
        };
    Session session = new Session();
    DeviceConnection c =
        DeviceConnection.open(
            ALICE, session.recording, services(full, RateLimits.UNLIMITED), session::refused);
    for (int i = 0; i < 5; i++) {
      c.handle(new ClientFrame.History("h" + i, CONV, null, 10));
    }
    c.handle(new ClientFrame.Conversations("c", 10, null));
    c.handle(new ClientFrame.Open("o", "bob"));

    assertThat(session.errors())
        .hasSize(7)
        .allSatisfy(
            e -> {
              assertThat(e.code()).isEqualTo("overloaded");
              assertThat(e.retryAfterMs()).isPositive();
            });
    assertThat(session.refusals).as("the server's overload is not the client's fault").isZero();
    assertThat(metrics.registry().get("parley.overloaded").tag("queue", "reads").counter().count())
        .isEqualTo(7);
  }

  @Test
  void aConnectionHasABoundedNumberOfReadsWaiting() {
    List<Runnable> queued = new ArrayList<>();
    Session session = new Session();
    DeviceConnection c =
        DeviceConnection.open(
            ALICE,
            session.recording,
            services(queued::add, RateLimits.UNLIMITED.withMaxPendingReads(3)),
            session::refused);
    for (int i = 0; i < 5; i++) {
      c.handle(new ClientFrame.History("h" + i, CONV, null, 10));
    }
    assertThat(queued).hasSize(3);
    assertThat(session.errors())
        .extracting(ServerFrame.Error::ref, ServerFrame.Error::code)
        .containsExactly(tuple("h3", "overloaded"), tuple("h4", "overloaded"));
    assertThat(session.refusals).as("refusals reported to the transport").isEqualTo(2);

    List.copyOf(queued).forEach(Runnable::run);
    queued.clear();
    assertThat(session.frames(ServerFrame.History.class)).hasSize(3);
    c.handle(new ClientFrame.History("again", CONV, null, 10));
    assertThat(queued).hasSize(1);
  }

  @Test
  void readBucketsBelongToTheDeviceNotTheConnection() {
    ConnectionServices services =
        services(
            Runnable::run, RateLimits.UNLIMITED.withReads(1, 3).withOpens(1, 1), STOPPED_CLOCK);
    Session first = new Session();
    DeviceConnection c = DeviceConnection.open(ALICE, first.recording, services, first::refused);
    c.handle(new ClientFrame.History("h1", CONV, null, 10));
    c.handle(new ClientFrame.Conversations("c1", 10, null));
    c.handle(new ClientFrame.Sync(null));
    c.handle(new ClientFrame.History("h2", CONV, null, 10));
    assertThat(first.errors()).extracting(ServerFrame.Error::code).containsExactly("rate_limited");
    c.handle(new ClientFrame.Open("o1", "nobody"));
    c.handle(new ClientFrame.Open("o2", "nobody"));
    assertThat(first.errors())
        .extracting(ServerFrame.Error::ref, ServerFrame.Error::code)
        .endsWith(tuple("o1", "unknown_user"), tuple("o2", "rate_limited"));
    c.closed();

    Session second = new Session();
    DeviceConnection again =
        DeviceConnection.open(ALICE, second.recording, services, second::refused);
    again.handle(new ClientFrame.History("h3", CONV, null, 10));
    again.handle(new ClientFrame.Open("o3", "nobody"));
    assertThat(second.errors())
        .extracting(ServerFrame.Error::code)
        .containsExactly("rate_limited", "rate_limited");
    assertThat(first.refusals + second.refusals).isEqualTo(4);
  }

  private ConnectionServices services(Executor reads, RateLimits limits) {
    return services(reads, limits, System::nanoTime);
  }

  /**
   * With {@code clock} for the rate limits: a stopped one refills no bucket however slow the
   * machine.
   */
  private ConnectionServices services(Executor reads, RateLimits limits, LongSupplier clock) {
    HistoryStore history = new EmptyHistory();
    LocalDeviceRouter router = new LocalDeviceRouter();
    MessagingService messaging =
        new MessagingService(
            new SeqSevenLog(),
            history,
            GroupStore.NONE,
            accounts,
            reads,
            new MessagingLimits(65_536, 16_384, 500, 10_000),
            metrics);
    PresenceService presence =
        new PresenceService(
            new LocalPresenceStore(),
            router,
            history,
            accounts,
            presenceThread,
            Clock.systemUTC(),
            Duration.ofMillis(300),
            Duration.ofSeconds(6),
            metrics);
    return new ConnectionServices(
        messaging,
        new GroupService(
            new SeqSevenLog(), GroupStore.NONE, history, accounts, reads, GroupLimits.DEFAULTS),
        presence,
        router,
        new MemoryFeedStore(),
        new FeedCursor("e"),
        reads,
        new DeviceRateLimiters(limits, clock),
        new SendOrder(clock),
        metrics);
  }

  private static final class Session {
    private final RecordingSession core = new RecordingSession(ALICE.userId(), ALICE.deviceId());
    private final FrameSession recording = new RecordingFrameSession(core);
    private int refusals;

    void refused() {
      refusals++;
    }

    <T extends ServerFrame> List<T> frames(Class<T> type) {
      return core.frames().stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<ServerFrame.Error> errors() {
      return frames(ServerFrame.Error.class);
    }
  }

  /** The core's recording session, also recording the gateway's own frames. */
  private record RecordingFrameSession(RecordingSession core) implements FrameSession {
    @Override
    public CompletableFuture<Void> send(ServerFrame frame) {
      return core.record(frame);
    }

    @Override
    public String userId() {
      return core.userId();
    }

    @Override
    public String deviceId() {
      return core.deviceId();
    }

    @Override
    public CompletableFuture<Void> push(FeedBatch batch) {
      return core.push(batch);
    }

    @Override
    public CompletableFuture<Void> pushPaced(FeedBatch batch) {
      return core.pushPaced(batch);
    }

    @Override
    public CompletableFuture<Void> synced(String cursor, boolean reset) {
      return core.synced(cursor, reset);
    }

    @Override
    public CompletableFuture<Void> push(EphemeralEvent event) {
      return core.push(event);
    }

    @Override
    public CompletableFuture<Void> close(SessionEnd why, String reason) {
      return core.close(why, reason);
    }
  }

  private static final class EmptyHistory implements HistoryStore {
    @Override
    public List<StoredMessage> messagesBefore(ConversationId conv, long beforeSeq, int limit) {
      return List.of();
    }

    @Override
    public Optional<ConversationState> conversation(ConversationId conv) {
      return Optional.empty();
    }

    @Override
    public RecentPage recent(String userId, String pageToken, int limit) {
      return new RecentPage(List.of(), null);
    }

    @Override
    public int countFromOthersAfter(ConversationId conv, String userId, long afterSeq, int cap) {
      return 0;
    }
  }

  /**
   * Stores every message at seq 7, but for the bodies "unconfirmed" and "full", which fail as a
   * cluster's reply timeout and a full queue do; nothing else.
   */
  private static final class SeqSevenLog implements ConversationLog {
    @Override
    public CompletableFuture<AppendResult> append(NewMessage message) {
      return switch (message.body()) {
        case "unconfirmed" ->
            CompletableFuture.failedFuture(new AppendUnconfirmedException("no answer", null));
        case "full" ->
            CompletableFuture.failedFuture(new LogUnavailableException("queue full", true, null));
        default -> CompletableFuture.completedFuture(new AppendResult(7, 1_234, false));
      };
    }

    @Override
    public CompletableFuture<Void> advance(ReceiptUpdate update) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setListener(CommitListener listener) {}

    @Override
    public void close() {}
  }
}
