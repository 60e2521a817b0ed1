package dev.parley.core.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Registration, log-in, token authentication and device management. Blocking: call off network
 * threads.
 *
 * <p>Abuse limits: passwords follow {@link PasswordRules}; log-ins and registrations are throttled
 * per handle and per remote address ({@link LoginLimits}); a user has at most {@link
 * DeviceLimits#maxPerUser} devices (a log-in beyond it revokes the least recently used) and a
 * device unused for {@link DeviceLimits#idleExpiry} is revoked. {@code address} parameters are the
 * client's address as the gateway knows it (null if unknown).
 */
public final class AccountService {
  private static final int MAX_DEVICE_NAME = 64;

  /** Least recently used first. */
  private static final Comparator<DeviceRecord> BY_LAST_USE =
      Comparator.comparingLong(DeviceRecord::lastUsed)
          .thenComparingLong(DeviceRecord::createdAt)
          .thenComparing(DeviceRecord::deviceId);

  private final AccountStore store;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final DeviceLimits deviceLimits;
  private final LoginThrottle throttle;

  /** (user id, device id) of a device just revoked. */
  private final BiConsumer<String, String> onDeviceRevoked;

  /** Verified against when the handle is unknown, so a failed log-in takes as long either way. */
  private final String decoyHash;

  public AccountService(
      AccountStore store,
      PasswordHasher hasher,
      Clock clock,
      LoginLimits loginLimits,
      DeviceLimits deviceLimits,
      BiConsumer<String, String> onDeviceRevoked) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.deviceLimits = deviceLimits;
    this.throttle = new LoginThrottle(loginLimits, clock);
    this.onDeviceRevoked = onDeviceRevoked;
    this.decoyHash = hasher.hash("decoy-password");
  }

  public UserAccount register(String handle, String password, String address) {
    String h = Handles.normalize(handle);
    PasswordRules.check(password, h);
    throttle.beginRegistration(address);
    if (store.userByHandle(h).isPresent()) {
      throw new AccountException("handle_taken", "the handle '" + h + "' is taken");
    }
    UserAccount user = new UserAccount(Ids.newId(), h, hasher.hash(password), clock.millis());
    if (!store.createUser(user)) {
      throw new AccountException("handle_taken", "the handle '" + h + "' is taken");
    }
    return user;
  }

  public LoginResult login(String handle, String password, String deviceName, String address) {
    if (handle == null || password == null) {
      throw new AccountException("invalid_request", "handle and password are required");
    }
    if (deviceName != null && deviceName.length() > MAX_DEVICE_NAME) {
      throw new AccountException(
          "invalid_request", "deviceName is longer than " + MAX_DEVICE_NAME + " characters");
    }
    throttle.beginLogin(handle, address);
    Optional<UserAccount> user = store.userByHandle(handle.trim().toLowerCase(Locale.ROOT));
    boolean ok = hasher.verify(password, user.map(UserAccount::passwordHash).orElse(decoyHash));
    if (user.isEmpty() || !ok) {
      throw new AccountException("bad_credentials", "unknown handle or wrong password");
    }
    throttle.loginSucceeded(handle, address);
    String token = Ids.newToken();
    long now = clock.millis();
    DeviceRecord device =
        new DeviceRecord(
            Ids.newId(), user.get().userId(), deviceName == null ? "device" : deviceName, now);
    store.addDevice(device, Ids.sha256(token));
    enforceDeviceLimits(device.userId(), device.deviceId(), now);
    return new LoginResult(device.userId(), user.get().handle(), device.deviceId(), token);
  }

  /**
   * The principal a bearer token stands for, if the token is known and its device neither revoked
   * nor expired. Records the device's use, at most once per {@link DeviceLimits#touchInterval}.
   */
  public Optional<Principal> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 128) {
      return Optional.empty();
    }
    Optional<DeviceRecord> found = store.deviceByTokenHash(Ids.sha256(token));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    DeviceRecord d = found.get();
    long now = clock.millis();
    if (expired(d, now)) {
      store.removeDevice(d.userId(), d.deviceId());
      return Optional.empty();
    }
    if (now - d.lastUsed() >= deviceLimits.touchInterval().toMillis()) {
      store.touchDevice(d.userId(), d.deviceId(), now);
    }
    return store.userById(d.userId()).map(u -> new Principal(u.userId(), u.handle(), d.deviceId()));
  }

  /** The user's devices, least recently used first; expired ones are left out. */
  public List<DeviceRecord> devices(String userId) {
    long now = clock.millis();
    return store.devices(userId).stream()
        .filter(d -> !expired(d, now))
        .sorted(BY_LAST_USE)
        .toList();
  }

  /** Revokes one of the user's devices and disconnects it; false if the user has no such device. */
  public boolean revoke(String userId, String deviceId) {
    boolean removed = store.removeDevice(userId, deviceId);
    if (removed) {
      onDeviceRevoked.accept(userId, deviceId);
    }
    return removed;
  }

  public UserSettings settings(String userId) {
    return store.settings(userId);
  }

  public void saveSettings(String userId, UserSettings settings) {
    store.saveSettings(userId, settings);
  }

  /** Whether the user hides their last-seen time from others. */
  public boolean hidesLastSeen(String userId) {
    return store.settings(userId).hideLastSeen();
  }

  public Optional<UserAccount> userByHandle(String handle) {
    return store.userByHandle(handle.trim().toLowerCase(Locale.ROOT));
  }

  public Optional<UserAccount> userById(String userId) {
    return store.userById(userId);
  }

  /** The users of these distinct ids that exist, in that order; unknown ids are left out. */
  public List<UserAccount> usersByIds(List<String> userIds) {
    return store.usersByIds(userIds);
  }

  /**
   * After a log-in added {@code keep}: removes the user's expired devices, then the least recently
   * used ones while there are more than allowed. Concurrent log-ins may both remove; the count
   * still ends at or below the cap.
   */
  private void enforceDeviceLimits(String userId, String keep, long now) {
    List<DeviceRecord> devices = new ArrayList<>(store.devices(userId));
    devices.sort(BY_LAST_USE);
    int remaining = devices.size();
    for (DeviceRecord d : devices) {
      if (!d.deviceId().equals(keep)
          && (expired(d, now) || remaining > deviceLimits.maxPerUser())
          && revoke(userId, d.deviceId())) {
        remaining--;
      }
    }
  }

  private boolean expired(DeviceRecord d, long now) {
    return now - d.lastUsed() >= deviceLimits.idleExpiry().toMillis();
  }
}
