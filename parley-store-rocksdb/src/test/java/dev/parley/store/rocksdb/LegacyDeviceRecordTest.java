package dev.parley.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.AccountStore;
import dev.parley.core.account.DeviceRecord;
import dev.parley.core.account.UserAccount;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device stored before devices had a last use still loads, and takes one once used. */
class LegacyDeviceRecordTest {
  @TempDir Path dir;

  @Test
  void aDeviceRecordWithoutLastUseLoadsAsLastUsedWhenCreated() throws Exception {
    byte[] token = {1, 2, 3, 4};
    try (RocksStore store = RocksStore.open(dir, TestOptions.DEFAULTS, Clock.systemUTC())) {
      store.accountStore().createUser(new UserAccount("u1", "alice", "hash", 1));
      // Exactly what the previous release wrote for a device.
      String hex = HexFormat.of().formatHex(token);
      put(
          store,
          "d/d1",
          "{\"deviceId\":\"d1\",\"userId\":\"u1\",\"name\":\"phone\",\"createdAt\":42}");
      put(store, "t/" + hex, "d1");
      put(store, "dt/d1", hex);
      put(store, "ud/u1/d1", "");
    }
    try (RocksStore store = RocksStore.open(dir, TestOptions.DEFAULTS, Clock.systemUTC())) {
      AccountStore accounts = store.accountStore();
      DeviceRecord legacy = accounts.deviceByTokenHash(token).orElseThrow();
      assertThat(legacy).isEqualTo(new DeviceRecord("d1", "u1", "phone", 42, 0));
      assertThat(legacy.lastUsed()).isEqualTo(42);

      accounts.touchDevice("u1", "d1", 1_000);
      assertThat(accounts.devices("u1"))
          .containsExactly(new DeviceRecord("d1", "u1", "phone", 42, 1_000));
      String stored = new String(store.db().get(store.accounts, Bytes.utf8("d/d1")), "UTF-8");
      assertThat(stored).contains("\"lastUsedAt\":1000").doesNotContain("\"lastUsed\":");
    }
  }

  private static void put(RocksStore store, String key, String value) throws Exception {
    store.db().put(store.accounts, Bytes.utf8(key), Bytes.utf8(value));
  }
}
