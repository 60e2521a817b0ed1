package dev.parley.server;

import static dev.parley.server.config.ServerOptions.ADMIN_HOST;
import static dev.parley.server.config.ServerOptions.ADMIN_PORT;
import static dev.parley.server.config.ServerOptions.ARGON2_MEMORY_KIB;
import static dev.parley.server.config.ServerOptions.CATCH_UP_BUFFER;
import static dev.parley.server.config.ServerOptions.HOST;
import static dev.parley.server.config.ServerOptions.MAX_BODY_BYTES;
import static dev.parley.server.config.ServerOptions.MAX_FRAME_BYTES;
import static dev.parley.server.config.ServerOptions.PORT;
import static dev.parley.server.config.ServerOptions.PRESENCE_WINDOW;
import static dev.parley.server.config.ServerOptions.SYNC_BATCH;
import static dev.parley.server.config.ServerOptions.TLS_CERT;
import static dev.parley.server.config.ServerOptions.TLS_KEY;
import static dev.parley.server.config.ServerOptions.TYPING_TTL;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.PasswordHasher;
import dev.parley.core.feed.FeedCursor;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.group.GroupService;
import dev.parley.core.messaging.DeviceRateLimiters;
import dev.parley.core.messaging.MessagingLimits;
import dev.parley.core.messaging.MessagingService;
import dev.parley.core.messaging.SendOrder;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.protocol.FrameCodec;
import dev.parley.server.backend.Backend;
import dev.parley.server.backend.ClusterBackend;
import dev.parley.server.backend.EmbeddedBackend;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.GatewayInitializer;
import dev.parley.server.gateway.admin.AdminInitializer;
import dev.parley.server.gateway.session.ConnectionServices;
import dev.parley.server.push.PushSetup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Parley node: its backend (embedded or cluster), the messaging core and the gateway. */
public final class ParleyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);

  /** Longer than a connection's own grace for writing its close frame (2 s). */
  private static final long CLOSE_WAIT_MS = 3_000;

  private final Backend backend;
  private final DeviceRouter router;
  private final ThreadPoolExecutor accountWork;
  private final ThreadPoolExecutor tokenChecks;
  private final ThreadPoolExecutor reads;
  private final ScheduledExecutorService presenceThread;
  private final JvmGcMetrics gcMetrics;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel serverChannel;
  private final Channel adminChannel;
  private final PrometheusMeterRegistry prometheus;
  private final PushSetup push;
  private volatile boolean accepting;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ParleyServer(ServerConfig config) throws InterruptedException, SSLException {
    Clock clock = Clock.systemUTC();
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ParleyMetrics metrics = new ParleyMetrics(prometheus);
    backend =
        config.clustered()
            ? ClusterBackend.connect(config, prometheus)
            : new EmbeddedBackend(config, clock);
    router = backend.router();
    int cores = Runtime.getRuntime().availableProcessors();
    accountWork = BoundedExecutors.create("parley-accounts", Math.max(2, cores), 1_000);
    reads = BoundedExecutors.create("parley-reads", Math.max(2, cores), 10_000);
    // Token checks have their own threads and queue: a flood of reads must never keep another
    // user's connection from authenticating (they once waited behind 4,000 history reads).
    tokenChecks = BoundedExecutors.create("parley-auth", 2, 1_000);
    presenceThread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "parley-presence");
              t.setDaemon(true);
              return t;
            });
    push = PushSetup.create(config, backend, clock, prometheus).orElse(null);
    AccountService accounts =
        new AccountService(
            backend.accounts(),
            new PasswordHasher(config.get(ARGON2_MEMORY_KIB)),
            clock,
            config.loginLimits(),
            config.deviceLimits(),
            (userId, deviceId) -> {
              router.disconnect(deviceId, SessionEnd.REVOKED, "device revoked");
              if (push != null) {
                push.service().deviceRevoked(userId, deviceId);
              }
            });
    MessagingLimits limits =
        new MessagingLimits(
            config.get(MAX_FRAME_BYTES),
            config.get(MAX_BODY_BYTES),
            config.get(SYNC_BATCH),
            config.get(CATCH_UP_BUFFER));
    MessagingService messaging =
        new MessagingService(
            backend.log(), backend.history(), backend.groups(), accounts, reads, limits, metrics);
    GroupService groups =
        new GroupService(
            backend.log(),
            backend.groups(),
            backend.history(),
            accounts,
            reads,
            config.groupLimits());
    PresenceService presence =
        new PresenceService(
            backend.presence(),
            router,
            backend.history(),
            accounts,
            presenceThread,
            clock,
            config.get(PRESENCE_WINDOW),
            config.get(TYPING_TTL),
            metrics);
    backend.start(presence, push == null ? null : push.service());
    if (push != null) {
      push.service().start();
    }
    ConnectionServices connections =
        new ConnectionServices(
            messaging,
            groups,
            presence,
            router,
            backend.feeds(),
            new FeedCursor(backend.feeds().epoch()),
            reads,
            new DeviceRateLimiters(config.rateLimits()),
            new SendOrder(),
            metrics);
    bindJvmMetrics();
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(prometheus);
    Gauge.builder("parley.connections", router, DeviceRouter::sessionCount)
        .description("open device sessions")
        .register(prometheus);
    Gauge.builder("parley.ready", this, s -> s.ready() ? 1 : 0)
        .description("1 while taking writes")
        .register(prometheus);
    SslContext ssl =
        config.tls()
            ? SslContextBuilder.forServer(
                    config.get(TLS_CERT).toFile(), config.get(TLS_KEY).toFile())
                .build()
            : null;
    GatewayContext context =
        new GatewayContext(
            config,
            new FrameCodec(),
            accounts,
            connections,
            accountWork,
            tokenChecks,
            this::ready,
            prometheus,
            ssl,
            push == null ? null : push.service());
    boolean epoll = Epoll.isAvailable();
    boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    workers = epoll ? new EpollEventLoopGroup(cores) : new NioEventLoopGroup(cores);
    serverChannel =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new GatewayInitializer(context))
            .bind(new InetSocketAddress(config.get(HOST), config.get(PORT)))
            .sync()
            .channel();
    adminChannel =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .childHandler(new AdminInitializer(context))
            .bind(new InetSocketAddress(config.get(ADMIN_HOST), config.get(ADMIN_PORT)))
            .sync()
            .channel();
    accepting = true;
    LOG.info(
        "parley listening on {}://{}:{} ({}), {}; metrics on http://{}:{}/metrics",
        config.tls() ? "https" : "http",
        config.get(HOST),
        port(),
        epoll ? "epoll" : "nio",
        backend.describe(),
        config.get(ADMIN_HOST),
        adminPort());
  }

  /**
   * Opens the store and starts listening; fails if the port is taken or the store cannot be opened.
   */
  public static ParleyServer start(ServerConfig config) {
    try {
      return new ParleyServer(config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (SSLException e) {
      throw new IllegalArgumentException(
          "cannot load the TLS certificate or key: " + e.getMessage(), e);
    }
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new UptimeMetrics().bindTo(prometheus);
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The admin listener's port: {@code /metrics}, {@code /healthz}, {@code /readyz}. */
  public int adminPort() {
    return ((InetSocketAddress) adminChannel.localAddress()).getPort();
  }

  /** Accepting connections and the store takes writes. */
  public boolean ready() {
    return accepting && backend.healthy();
  }

  public int sessionCount() {
    return router.sessionCount();
  }

  /**
   * Graceful shutdown: stop accepting, tell every connected device to reconnect elsewhere (1001),
   * stop taking frames, wait for every reader (read, token and account pools) to finish, let the
   * queued writes commit and be dispatched, stop presence, and only then close the store: a read
   * still running on a closed RocksDB crashes the JVM. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    accepting = false;
    serverChannel.close().awaitUninterruptibly();
    adminChannel.close().awaitUninterruptibly();
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (SessionFeed session : router.sessions()) {
      closing.add(
          session.session().close(SessionEnd.SHUTTING_DOWN, "server shutting down; reconnect"));
    }
    awaitClosed(closing);
    workers.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    boss.shutdownGracefully(0, 5_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    // Queued reads are for sessions now closed: drop them; those running finish.
    boolean quiet = stop(reads) & stop(tokenChecks) & stop(accountWork);
    backend.stopWrites();
    quiet &= stop(presenceThread);
    if (push != null) {
      // After the last commit was dispatched: what it queued is saved, and sent after a restart.
      push.close();
    }
    if (quiet) {
      backend.close();
    } else {
      // Closing the store under a running read would crash the process; its write-ahead log makes
      // leaving it open as safe as a crash, without the crash.
      LOG.error("work still running after 10 s; the store is left open (recovered on restart)");
    }
    gcMetrics.close();
    prometheus.close();
    LOG.info("parley stopped");
  }

  /**
   * Waits for the close frames to be written: shutting the event loops down closes every channel at
   * once, dropping a close frame still queued behind replies, and the client would see a reset
   * (1006) instead of 1001. Bounded, as each connection gives up on a client that does not read
   * after its own grace period.
   */
  private static void awaitClosed(List<CompletableFuture<Void>> closing) {
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
          .get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("not every connection closed within {} ms: {}", CLOSE_WAIT_MS, e.toString());
    }
  }

  /** Cancels what is queued, lets what runs finish; false if it has not within 10 s. */
  private static boolean stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      return pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
