package dev.parley.server.backend;

import dev.parley.core.account.AccountStore;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.presence.LocalPresenceStore;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.presence.PresenceStore;
import dev.parley.core.push.PushService;
import dev.parley.core.push.PushStore;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.core.routing.LocalDeviceRouter;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.ServerOptions;
import dev.parley.store.rocksdb.RocksStore;
import dev.parley.store.rocksdb.RocksStoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The single node: RocksDB on local disk, sessions and presence in memory. */
public final class EmbeddedBackend implements Backend {
  private final RocksStore store;
  private final Path dataDir;
  private final LocalDeviceRouter router = new LocalDeviceRouter();
  private final LocalPresenceStore presence = new LocalPresenceStore();

  public EmbeddedBackend(ServerConfig config, Clock clock) {
    this.dataDir = config.get(ServerOptions.DATA_DIR);
    this.store = RocksStore.open(dataDir, storeOptions(config), clock);
  }

  private static RocksStoreOptions storeOptions(ServerConfig config) {
    return new RocksStoreOptions(
        config.get(ServerOptions.SYNC_WRITES),
        config.get(ServerOptions.STORE_SHARDS),
        config.get(ServerOptions.STORE_SHARD_QUEUE),
        config.get(ServerOptions.STORE_MAX_BATCH),
        config.get(ServerOptions.STORE_BLOCK_CACHE_BYTES),
        config.get(ServerOptions.CONVERSATION_CACHE),
        config.groupLimits());
  }

  @Override
  public ConversationLog log() {
    return store.log();
  }

  @Override
  public GroupStore groups() {
    return store.groupStore();
  }

  @Override
  public HistoryStore history() {
    return store.historyStore();
  }

  @Override
  public FeedStore feeds() {
    return store.feedStore();
  }

  @Override
  public AccountStore accounts() {
    return store.accountStore();
  }

  @Override
  public DeviceRouter router() {
    return router;
  }

  @Override
  public PresenceStore presence() {
    return presence;
  }

  @Override
  public Optional<PushStore> pushStore() {
    return Optional.of(store.pushStore());
  }

  @Override
  public void start(PresenceService presenceService, PushService push) {
    store
        .log()
        .setListener(
            batch -> {
              router.committed(batch);
              presenceService.committed(batch);
              if (push != null) {
                push.committed(batch);
              }
            });
  }

  @Override
  public boolean healthy() {
    return store.healthy();
  }

  @Override
  public String describe() {
    return "embedded, data in " + dataDir;
  }

  @Override
  public void stopWrites() {
    store.log().close();
  }

  @Override
  public void close() {
    store.close();
  }
}
