package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account rules against abuse: throttled guessing, password rules, device cap and expiry. */
class AccountServiceTest {
  private static final String PASSWORD = "violet-harbour-71";
  private static final PasswordHasher HASHER = new PasswordHasher(1024);

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final MemoryAccountStore store = new MemoryAccountStore();
  private final List<String> revoked = new ArrayList<>();

  private AccountService service(LoginLimits login, DeviceLimits devices) {
    return new AccountService(
        store, HASHER, clock, login, devices, (user, device) -> revoked.add(device));
  }

  @Test
  void twoHundredWrongPasswordsDoNotOpenTheDoorToTheRightOne() {
    AccountService accounts = service(LoginLimits.DEFAULTS, DeviceLimits.DEFAULTS);
    accounts.register("alice", PASSWORD, "198.51.100.1");
    int refusedWithoutChecking = 0;
    for (int i = 0; i < 200; i++) {
      try {
        accounts.login("alice", "guess-number-" + i, "x", "198.51.100.66");
      } catch (AccountException e) {
        if (e.code().equals(AccountException.TOO_MANY_ATTEMPTS)) {
          refusedWithoutChecking++;
        } else {
          assertThat(e.code()).isEqualTo("bad_credentials");
        }
      }
    }
    assertThat(refusedWithoutChecking).isGreaterThan(190);
    assertThatThrownBy(() -> accounts.login("alice", PASSWORD, "phone", "198.51.100.1"))
        .isInstanceOfSatisfying(
            AccountException.class,
            e -> {
              assertThat(e.code()).isEqualTo(AccountException.TOO_MANY_ATTEMPTS);
              assertThat(e.retryAfterMs()).isPositive();
            });
    // The lock is temporary: the real user gets in once it has passed.
    clock.advance(LoginLimits.DEFAULTS.maxDelay());
    assertThat(accounts.login("alice", PASSWORD, "phone", "198.51.100.1").handle())
        .isEqualTo("alice");
  }

  @Test
  void registrationRefusesWeakPasswordsAndIsThrottledPerAddress() {
    AccountService accounts = service(LoginLimits.DEFAULTS, DeviceLimits.DEFAULTS);
    assertThatThrownBy(() -> accounts.register("alice", "12345678", "203.0.113.5"))
        .hasFieldOrPropertyWithValue("code", "invalid_password");
    assertThatThrownBy(() -> accounts.register("alice", "        ", "203.0.113.5"))
        .hasFieldOrPropertyWithValue("code", "invalid_password");
    for (int i = 0; i < LoginLimits.DEFAULTS.addressRegistrationBurst(); i++) {
      accounts.register("user" + i, PASSWORD, "203.0.113.5");
    }
    assertThatThrownBy(() -> accounts.register("onemore", PASSWORD, "203.0.113.5"))
        .hasFieldOrPropertyWithValue("code", AccountException.TOO_MANY_ATTEMPTS);
    accounts.register("onemore", PASSWORD, "203.0.113.6");
  }

  @Test
  void aLoginBeyondTheCapRevokesTheLeastRecentlyUsedDevice() {
    AccountService accounts =
        service(LoginLimits.UNLIMITED, new DeviceLimits(3, Duration.ofDays(90), Duration.ZERO));
    accounts.register("alice", PASSWORD, null);
    List<LoginResult> logins = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      logins.add(accounts.login("alice", PASSWORD, "device" + i, null));
      clock.advance(Duration.ofMinutes(1));
    }
    // device0 is the oldest, but was used since: device1 is now the least recently used.
    assertThat(accounts.authenticate(logins.get(0).token())).isPresent();
    clock.advance(Duration.ofMinutes(1));
    LoginResult fourth = accounts.login("alice", PASSWORD, "device3", null);

    assertThat(revoked).containsExactly(logins.get(1).deviceId());
    assertThat(accounts.authenticate(logins.get(1).token())).isEmpty();
    assertThat(accounts.devices(fourth.userId()))
        .extracting(DeviceRecord::deviceId)
        .containsExactlyInAnyOrder(
            logins.get(0).deviceId(), logins.get(2).deviceId(), fourth.deviceId());
  }

  @Test
  void anIdleDeviceExpiresAndUseKeepsItAlive() {
    AccountService accounts =
        service(
            LoginLimits.UNLIMITED, new DeviceLimits(32, Duration.ofDays(90), Duration.ofHours(1)));
    accounts.register("alice", PASSWORD, null);
    LoginResult used = accounts.login("alice", PASSWORD, "phone", null);
    LoginResult idle = accounts.login("alice", PASSWORD, "old tablet", null);
    for (int day = 0; day < 100; day += 10) {
      clock.advance(Duration.ofDays(10));
      assertThat(accounts.authenticate(used.token())).as("day %d", day).isPresent();
    }
    assertThat(accounts.authenticate(idle.token())).isEmpty();
    assertThat(accounts.devices(used.userId()))
        .extracting(DeviceRecord::deviceId)
        .containsExactly(used.deviceId());
    assertThat(store.devices(used.userId())).hasSize(1);
  }

  @Test
  void lastUseIsWrittenAtMostOncePerTouchInterval() {
    AccountService accounts =
        service(
            LoginLimits.UNLIMITED, new DeviceLimits(32, Duration.ofDays(90), Duration.ofHours(1)));
    accounts.register("alice", PASSWORD, null);
    LoginResult phone = accounts.login("alice", PASSWORD, "phone", null);
    long created = clock.millis();
    clock.advance(Duration.ofMinutes(59));
    accounts.authenticate(phone.token());
    assertThat(store.devices(phone.userId()).get(0).lastUsed()).isEqualTo(created);
    clock.advance(Duration.ofMinutes(1));
    accounts.authenticate(phone.token());
    assertThat(store.devices(phone.userId()).get(0).lastUsed()).isEqualTo(clock.millis());
  }
}
