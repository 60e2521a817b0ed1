package dev.parley.store.rocksdb;

import dev.parley.core.account.AccountStore;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.push.PushStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database and the seams built on it. One per process; {@link #close()} stops the
 * log (draining what is queued) before closing the database.
 */
public final class RocksStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final String[] FAMILIES = {
    "messages",
    "idempotency",
    "conversations",
    "feed",
    "inbox",
    "accounts",
    "groups",
    "gstream",
    "usergroups",
    "push"
  };

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache cache;
  private final List<ColumnFamilyHandle> handles;
  final ColumnFamilyHandle meta;
  final ColumnFamilyHandle messages;
  final ColumnFamilyHandle idempotency;
  final ColumnFamilyHandle conversations;
  final ColumnFamilyHandle feed;
  final ColumnFamilyHandle inbox;
  final ColumnFamilyHandle accounts;
  final ColumnFamilyHandle groups;
  final ColumnFamilyHandle gstream;
  final ColumnFamilyHandle usergroups;
  final ColumnFamilyHandle push;
  private final GroupStreams streams;
  private final RocksGroupStore groupStore;
  private final String epoch;
  private final RocksConversationLog log;
  private final RocksFeedStore feedStore;
  private final RocksHistoryStore historyStore;
  private final RocksAccountStore accountStore;
  private final RocksPushStore pushStore;

  private RocksStore(Path dir, RocksStoreOptions options, Clock clock) throws RocksDBException {
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(5);
    cache = new LRUCache(options.blockCacheBytes());
    cfOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(
                new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(new BloomFilter(10, false)))
            // Profiled under load: compressing what is flushed and soon compacted again cost more
            // CPU than the
            // disk it saves. The young levels stay uncompressed; older data, written once, gets
            // LZ4.
            .setCompressionPerLevel(
                List.of(
                    CompressionType.NO_COMPRESSION,
                    CompressionType.NO_COMPRESSION,
                    CompressionType.LZ4_COMPRESSION,
                    CompressionType.LZ4_COMPRESSION,
                    CompressionType.LZ4_COMPRESSION,
                    CompressionType.LZ4_COMPRESSION,
                    CompressionType.LZ4_COMPRESSION))
            // Every append looks up its idempotency key, which is almost never there: a bloom
            // filter over the
            // memtable answers "absent" without walking the skip list.
            .setMemtableWholeKeyFiltering(true)
            .setMemtablePrefixBloomSizeRatio(0.05);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (String name : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
    }
    handles = new ArrayList<>();
    db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    meta = handles.get(0);
    messages = handles.get(1);
    idempotency = handles.get(2);
    conversations = handles.get(3);
    feed = handles.get(4);
    inbox = handles.get(5);
    accounts = handles.get(6);
    groups = handles.get(7);
    gstream = handles.get(8);
    usergroups = handles.get(9);
    push = handles.get(10);
    streams = new GroupStreams(this);
    groupStore = new RocksGroupStore(this);
    epoch = loadOrCreateEpoch();
    WriteOptions writeOptions = new WriteOptions().setSync(options.syncWrites());
    long lastPos = readLong(meta, "pos");
    feedStore = new RocksFeedStore(this);
    historyStore = new RocksHistoryStore(this);
    accountStore = new RocksAccountStore(this, writeOptions);
    pushStore = new RocksPushStore(this, writeOptions);
    log = new RocksConversationLog(this, writeOptions, lastPos, options, clock);
  }

  /** Opens (creating if needed) the store in {@code dir}. */
  public static RocksStore open(Path dir, RocksStoreOptions options, Clock clock) {
    try {
      Files.createDirectories(dir);
      return new RocksStore(dir, options, clock);
    } catch (RocksDBException | IOException e) {
      throw new IllegalStateException("cannot open the store in " + dir + ": " + e.getMessage(), e);
    }
  }

  RocksDB db() {
    return db;
  }

  String epoch() {
    return epoch;
  }

  public ConversationLog log() {
    return log;
  }

  public FeedStore feedStore() {
    return feedStore;
  }

  public HistoryStore historyStore() {
    return historyStore;
  }

  public GroupStore groupStore() {
    return groupStore;
  }

  /** Where each group's stream ends, kept in memory. */
  GroupStreams streams() {
    return streams;
  }

  public AccountStore accountStore() {
    return accountStore;
  }

  public PushStore pushStore() {
    return pushStore;
  }

  /** False once a write has failed: the log refuses writes until the process is restarted. */
  public boolean healthy() {
    return log.healthy();
  }

  /** Highest committed feed position. */
  long head() {
    return log.committedPos();
  }

  private String loadOrCreateEpoch() throws RocksDBException {
    byte[] existing = db.get(meta, Bytes.utf8("epoch"));
    if (existing != null) {
      return new String(existing, StandardCharsets.UTF_8);
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String created = HexFormat.of().formatHex(random);
    try (WriteOptions sync = new WriteOptions().setSync(true)) {
      db.put(meta, sync, Bytes.utf8("epoch"), Bytes.utf8(created));
    }
    return created;
  }

  private long readLong(ColumnFamilyHandle cf, String key) throws RocksDBException {
    byte[] v = db.get(cf, Bytes.utf8(key));
    return v == null ? 0 : Bytes.longAt(v, 0);
  }

  @Override
  public void close() {
    log.close();
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    cfOptions.close();
    dbOptions.close();
    cache.close();
  }
}
