package dev.parley.server;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.PasswordHasher;
import dev.parley.core.feed.FeedCursor;
import dev.parley.core.messaging.MessagingLimits;
import dev.parley.core.messaging.MessagingService;
import dev.parley.core.routing.LocalDeviceRouter;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.FrameCodec;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.gateway.GatewayContext;
import dev.parley.server.gateway.GatewayInitializer;
import dev.parley.store.rocksdb.RocksStore;
import dev.parley.store.rocksdb.RocksStoreOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running single-node Parley server: the embedded store, the messaging core and the gateway. */
public final class ParleyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);

  private final RocksStore store;
  private final LocalDeviceRouter router;
  private final ThreadPoolExecutor accountWork;
  private final ThreadPoolExecutor reads;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel serverChannel;
  private volatile boolean accepting;

  private ParleyServer(ServerConfig config) throws InterruptedException {
    Clock clock = Clock.systemUTC();
    store = RocksStore.open(config.dataDir(), RocksStoreOptions.defaults().withSyncWrites(config.syncWrites()), clock);
    router = new LocalDeviceRouter();
    store.log().setListener(router);
    int cores = Runtime.getRuntime().availableProcessors();
    accountWork = BoundedExecutors.create("parley-accounts", Math.max(2, cores), 1_000);
    reads = BoundedExecutors.create("parley-reads", Math.max(2, cores), 10_000);
    AccountService accounts = new AccountService(store.accountStore(), new PasswordHasher(config.argon2MemoryKib()), clock,
        deviceId -> router.disconnect(deviceId, CloseCodes.DEVICE_REVOKED, "device revoked"));
    MessagingLimits limits = new MessagingLimits(config.maxFrameBytes(), config.maxBodyBytes(), config.syncBatch());
    MessagingService messaging = new MessagingService(store.log(), store.historyStore(), accounts, reads, limits);
    GatewayContext context = new GatewayContext(config, new FrameCodec(), accounts, messaging, router,
        store.feedStore(), new FeedCursor(store.feedStore().epoch()), accountWork, reads, this::ready);
    boss = new NioEventLoopGroup(1);
    workers = new NioEventLoopGroup(cores);
    serverChannel = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new GatewayInitializer(context))
        .bind(new InetSocketAddress(config.host(), config.port()))
        .sync()
        .channel();
    accepting = true;
    LOG.info("parley listening on {}:{} with data in {}", config.host(), port(), config.dataDir());
  }

  /** Opens the store and starts listening; fails if the port is taken or the store cannot be opened. */
  public static ParleyServer start(ServerConfig config) {
    try {
      return new ParleyServer(config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Accepting connections and the store takes writes. */
  public boolean ready() {
    return accepting && store.healthy();
  }

  public int sessionCount() {
    return router.sessionCount();
  }

  /** Stops accepting, closes connections, lets queued writes commit, closes the store. */
  @Override
  public void close() {
    accepting = false;
    serverChannel.close().awaitUninterruptibly();
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    accountWork.shutdown();
    reads.shutdown();
    store.close();
    LOG.info("parley stopped");
  }
}
