package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The {@link AccountStore} contract; implementations extend it with a fresh store per test. */
public abstract class AccountStoreContract {

  protected abstract AccountStore store();

  @Test
  void aHandleIsClaimedOnceEvenUnderConcurrency() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String id = "user" + i;
      attempts.add(() -> store().createUser(new UserAccount(id, "alice", "hash", 1)));
    }
    int winners = 0;
    for (Future<Boolean> f : pool.invokeAll(attempts)) {
      winners += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
    assertThat(store().userByHandle("alice")).isPresent();
    assertThat(store().userById(store().userByHandle("alice").get().userId())).isPresent();
  }

  @Test
  void devicesResolveByTokenHashUntilRemoved() {
    store().createUser(new UserAccount("u1", "bob", "hash", 1));
    byte[] phoneToken = {1, 2, 3};
    byte[] laptopToken = {4, 5, 6};
    store().addDevice(new DeviceRecord("d1", "u1", "phone", 2), phoneToken);
    store().addDevice(new DeviceRecord("d2", "u1", "laptop", 3), laptopToken);
    assertThat(store().deviceByTokenHash(phoneToken)).map(DeviceRecord::deviceId).contains("d1");
    assertThat(store().devices("u1"))
        .extracting(DeviceRecord::deviceId)
        .containsExactlyInAnyOrder("d1", "d2");
    assertThat(store().removeDevice("someone-else", "d1")).isFalse();
    assertThat(store().removeDevice("u1", "d1")).isTrue();
    assertThat(store().removeDevice("u1", "d1")).isFalse();
    assertThat(store().deviceByTokenHash(phoneToken)).isEmpty();
    assertThat(store().deviceByTokenHash(laptopToken)).isPresent();
    assertThat(store().devices("u1")).extracting(DeviceRecord::deviceId).containsExactly("d2");
  }

  @Test
  void usersAreFoundByIdsInTheOrderAskedLeavingOutUnknownIds() {
    store().createUser(new UserAccount("u1", "bob", "hash", 1));
    store().createUser(new UserAccount("u2", "carol", "hash", 2));
    assertThat(store().usersByIds(List.of("u2", "nobody", "u1")))
        .extracting(UserAccount::userId, UserAccount::handle)
        .containsExactly(tuple("u2", "carol"), tuple("u1", "bob"));
    assertThat(store().usersByIds(List.of("nobody"))).isEmpty();
    assertThat(store().usersByIds(List.of())).isEmpty();
  }

  @Test
  void settingsDefaultUntilSaved() {
    assertThat(store().settings("u9")).isEqualTo(UserSettings.DEFAULTS);
    store().saveSettings("u9", new UserSettings(true));
    assertThat(store().settings("u9").hideLastSeen()).isTrue();
  }

  @Test
  void aTouchRecordsTheLastUse() {
    store().createUser(new UserAccount("u1", "bob", "hash", 1));
    byte[] token = {7, 7, 7};
    store().addDevice(new DeviceRecord("d1", "u1", "phone", 2), token);
    assertThat(store().deviceByTokenHash(token).orElseThrow().lastUsed()).isEqualTo(2);

    store().touchDevice("u1", "d1", 500);
    assertThat(store().deviceByTokenHash(token).orElseThrow())
        .isEqualTo(new DeviceRecord("d1", "u1", "phone", 2, 500));
    assertThat(store().devices("u1"))
        .containsExactly(new DeviceRecord("d1", "u1", "phone", 2, 500));
  }

  @Test
  void aTouchNeverBringsARemovedDeviceBack() {
    store().createUser(new UserAccount("u1", "bob", "hash", 1));
    byte[] token = {8, 8, 8};
    store().addDevice(new DeviceRecord("d1", "u1", "phone", 2), token);
    store().touchDevice("someone-else", "d1", 300);
    assertThat(store().deviceByTokenHash(token).orElseThrow().lastUsedAt()).isEqualTo(2);

    assertThat(store().removeDevice("u1", "d1")).isTrue();
    store().touchDevice("u1", "d1", 400);
    assertThat(store().deviceByTokenHash(token)).isEmpty();
    assertThat(store().devices("u1")).isEmpty();
    assertThat(store().removeDevice("u1", "d1")).isFalse();
  }
}
