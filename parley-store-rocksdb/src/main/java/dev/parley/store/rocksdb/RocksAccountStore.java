package dev.parley.store.rocksdb;

import dev.parley.core.account.AccountStore;
import dev.parley.core.account.DeviceRecord;
import dev.parley.core.account.UserAccount;
import dev.parley.core.account.UserSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** Accounts on RocksDB (column family {@code accounts}; layout in the package doc). */
final class RocksAccountStore implements AccountStore {
  private final RocksStore store;
  private final WriteOptions writeOptions;

  /** Serialises account creation so a handle is claimed once; not on the message path. */
  private final Object createLock = new Object();

  /**
   * Serialises the read-modify-write of a device record with its removal, so a touch never writes
   * back a device removed meanwhile. Rare (a touch is at most hourly per device): not contended.
   */
  private final Object deviceLock = new Object();

  RocksAccountStore(RocksStore store, WriteOptions writeOptions) {
    this.store = store;
    this.writeOptions = writeOptions;
  }

  @Override
  public boolean createUser(UserAccount user) {
    synchronized (createLock) {
      if (get("h/" + user.handle()) != null) {
        return false;
      }
      write(
          b -> {
            b.put(store.accounts, key("h/" + user.handle()), Bytes.utf8(user.userId()));
            b.put(store.accounts, key("u/" + user.userId()), JsonValues.write(user));
          });
      return true;
    }
  }

  @Override
  public Optional<UserAccount> userByHandle(String handle) {
    byte[] id = get("h/" + handle);
    return id == null ? Optional.empty() : userById(new String(id, StandardCharsets.UTF_8));
  }

  @Override
  public Optional<UserAccount> userById(String userId) {
    return Optional.ofNullable(get("u/" + userId))
        .map(v -> JsonValues.read(v, UserAccount.class, "account"));
  }

  @Override
  public List<UserAccount> usersByIds(List<String> userIds) {
    if (userIds.isEmpty()) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(userIds.size());
    for (String userId : userIds) {
      keys.add(key("u/" + userId));
    }
    List<byte[]> values;
    try {
      values = store.db().multiGetAsList(Collections.nCopies(keys.size(), store.accounts), keys);
    } catch (RocksDBException e) {
      throw new IllegalStateException("account read failed", e);
    }
    List<UserAccount> found = new ArrayList<>(values.size());
    for (byte[] value : values) {
      if (value != null) {
        found.add(JsonValues.read(value, UserAccount.class, "account"));
      }
    }
    return found;
  }

  @Override
  public void addDevice(DeviceRecord device, byte[] tokenHash) {
    write(
        b -> {
          b.put(store.accounts, key("d/" + device.deviceId()), JsonValues.write(device));
          b.put(
              store.accounts,
              key("t/" + HexFormat.of().formatHex(tokenHash)),
              Bytes.utf8(device.deviceId()));
          b.put(
              store.accounts,
              key("dt/" + device.deviceId()),
              Bytes.utf8(HexFormat.of().formatHex(tokenHash)));
          b.put(
              store.accounts, key("ud/" + device.userId() + "/" + device.deviceId()), new byte[0]);
        });
  }

  @Override
  public Optional<DeviceRecord> deviceByTokenHash(byte[] tokenHash) {
    byte[] deviceId = get("t/" + HexFormat.of().formatHex(tokenHash));
    return deviceId == null
        ? Optional.empty()
        : device(new String(deviceId, StandardCharsets.UTF_8));
  }

  @Override
  public List<DeviceRecord> devices(String userId) {
    String prefix = "ud/" + userId + "/";
    List<DeviceRecord> out = new ArrayList<>();
    try (RocksIterator it = store.db().newIterator(store.accounts)) {
      for (it.seek(key(prefix)); it.isValid(); it.next()) {
        String k = new String(it.key(), StandardCharsets.UTF_8);
        if (!k.startsWith(prefix)) {
          break;
        }
        device(k.substring(prefix.length())).ifPresent(out::add);
      }
    }
    return out;
  }

  @Override
  public void touchDevice(String userId, String deviceId, long atMillis) {
    synchronized (deviceLock) {
      device(deviceId)
          .filter(d -> d.userId().equals(userId))
          .ifPresent(
              d ->
                  write(
                      b ->
                          b.put(
                              store.accounts,
                              key("d/" + deviceId),
                              JsonValues.write(d.usedAt(atMillis)))));
    }
  }

  @Override
  public boolean removeDevice(String userId, String deviceId) {
    synchronized (deviceLock) {
      Optional<DeviceRecord> device = device(deviceId).filter(d -> d.userId().equals(userId));
      if (device.isEmpty()) {
        return false;
      }
      byte[] tokenHash = get("dt/" + deviceId);
      write(
          b -> {
            if (tokenHash != null) {
              b.delete(store.accounts, key("t/" + new String(tokenHash, StandardCharsets.UTF_8)));
            }
            b.delete(store.accounts, key("dt/" + deviceId));
            b.delete(store.accounts, key("d/" + deviceId));
            b.delete(store.accounts, key("ud/" + userId + "/" + deviceId));
          });
      return true;
    }
  }

  @Override
  public UserSettings settings(String userId) {
    byte[] v = get("s/" + userId);
    return v == null ? UserSettings.DEFAULTS : JsonValues.read(v, UserSettings.class, "account");
  }

  @Override
  public void saveSettings(String userId, UserSettings settings) {
    write(b -> b.put(store.accounts, key("s/" + userId), JsonValues.write(settings)));
  }

  private Optional<DeviceRecord> device(String deviceId) {
    return Optional.ofNullable(get("d/" + deviceId))
        .map(v -> JsonValues.read(v, DeviceRecord.class, "account"));
  }

  private byte[] get(String k) {
    try {
      return store.db().get(store.accounts, key(k));
    } catch (RocksDBException e) {
      throw new IllegalStateException("account read failed", e);
    }
  }

  private void write(BatchOps ops) {
    try (WriteBatch b = new WriteBatch()) {
      ops.apply(b);
      store.db().write(writeOptions, b);
    } catch (RocksDBException e) {
      throw new IllegalStateException("account write failed", e);
    }
  }

  private static byte[] key(String k) {
    return k.getBytes(StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface BatchOps {
    void apply(WriteBatch b) throws RocksDBException;
  }
}
