package dev.parley.store.rocksdb;

import dev.parley.core.push.PushNotification;
import dev.parley.core.push.PushStore;
import dev.parley.core.push.PushTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Push state on RocksDB, column family {@code push} (layout in the package doc): {@code
 * t/user/device} → target, {@code m/user/conv} → mute, {@code q/id} → queued notification, each a
 * JSON value. Every write goes through the log's write options: a queued notification is as durable
 * as a message (fsync'd with {@code --sync-writes true}, the default; in the WAL, so safe from a
 * kill of the process, without it). The push thread writes its queue changes of one round as one
 * {@link WriteBatch} ({@link #writeQueued}): one fsync per round, not one per notification.
 */
final class RocksPushStore implements PushStore {
  private final RocksStore store;
  private final WriteOptions writeOptions;

  /** Removing a target only while it has a given key is a read-modify-write: serialised. */
  private final Object targetLock = new Object();

  RocksPushStore(RocksStore store, WriteOptions writeOptions) {
    this.store = store;
    this.writeOptions = writeOptions;
  }

  @Override
  public List<PushTarget> targets() {
    return scan("t/", v -> JsonValues.read(v, PushTarget.class, "push"));
  }

  @Override
  public List<PushTarget> targets(String userId) {
    return scan("t/" + userId + "/", v -> JsonValues.read(v, PushTarget.class, "push"));
  }

  @Override
  public void saveTarget(PushTarget target) {
    synchronized (targetLock) {
      put(targetKey(target.userId(), target.deviceId()), JsonValues.write(target));
    }
  }

  @Override
  public void removeTarget(String userId, String deviceId, String key) {
    synchronized (targetLock) {
      String k = targetKey(userId, deviceId);
      byte[] v = get(k);
      if (v != null
          && (key == null || JsonValues.read(v, PushTarget.class, "push").key().equals(key))) {
        delete(k);
      }
    }
  }

  @Override
  public List<Mute> mutes() {
    return scan("m/", v -> JsonValues.read(v, Mute.class, "push"));
  }

  @Override
  public List<Mute> mutes(String userId) {
    return scan("m/" + userId + "/", v -> JsonValues.read(v, Mute.class, "push"));
  }

  @Override
  public void saveMute(Mute mute) {
    put("m/" + mute.userId() + "/" + mute.conv(), JsonValues.write(mute));
  }

  @Override
  public void removeMute(String userId, String conv) {
    delete("m/" + userId + "/" + conv);
  }

  @Override
  public List<PushNotification> queued() {
    return scan("q/", v -> JsonValues.read(v, PushNotification.class, "push"));
  }

  @Override
  public void saveQueued(PushNotification notification) {
    put("q/" + notification.id(), JsonValues.write(notification));
  }

  @Override
  public void removeQueued(String id) {
    delete("q/" + id);
  }

  @Override
  public void writeQueued(Collection<PushNotification> saves, Collection<String> removals) {
    try (WriteBatch batch = new WriteBatch()) {
      for (PushNotification n : saves) {
        batch.put(store.push, Bytes.utf8("q/" + n.id()), JsonValues.write(n));
      }
      for (String id : removals) {
        batch.delete(store.push, Bytes.utf8("q/" + id));
      }
      store.db().write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new IllegalStateException("push write failed", e);
    }
  }

  private static String targetKey(String userId, String deviceId) {
    return "t/" + userId + "/" + deviceId;
  }

  private <T> List<T> scan(String prefix, Function<byte[], T> decode) {
    byte[] p = Bytes.utf8(prefix);
    List<T> out = new ArrayList<>();
    try (RocksIterator it = store.db().newIterator(store.push)) {
      for (it.seek(p); it.isValid() && Bytes.startsWith(it.key(), p); it.next()) {
        out.add(decode.apply(it.value()));
      }
    }
    return out;
  }

  private byte[] get(String k) {
    try {
      return store.db().get(store.push, Bytes.utf8(k));
    } catch (RocksDBException e) {
      throw new IllegalStateException("push read failed", e);
    }
  }

  private void put(String k, byte[] value) {
    try {
      store.db().put(store.push, writeOptions, Bytes.utf8(k), value);
    } catch (RocksDBException e) {
      throw new IllegalStateException("push write failed", e);
    }
  }

  private void delete(String k) {
    try {
      store.db().delete(store.push, writeOptions, Bytes.utf8(k));
    } catch (RocksDBException e) {
      throw new IllegalStateException("push write failed", e);
    }
  }
}
