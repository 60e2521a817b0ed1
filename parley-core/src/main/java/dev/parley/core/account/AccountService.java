package dev.parley.core.account;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Registration, log-in, token authentication and device management. Blocking: call off network
 * threads.
 */
public final class AccountService {
  private static final int MAX_DEVICE_NAME = 64;

  private final AccountStore store;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final Consumer<String> onDeviceRevoked;

  /** Verified against when the handle is unknown, so a failed log-in takes as long either way. */
  private final String decoyHash;

  public AccountService(
      AccountStore store, PasswordHasher hasher, Clock clock, Consumer<String> onDeviceRevoked) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.onDeviceRevoked = onDeviceRevoked;
    this.decoyHash = hasher.hash("decoy-password");
  }

  public UserAccount register(String handle, String password) {
    String h = Handles.normalize(handle);
    Handles.checkPassword(password);
    if (store.userByHandle(h).isPresent()) {
      throw new AccountException("handle_taken", "the handle '" + h + "' is taken");
    }
    UserAccount user = new UserAccount(Ids.newId(), h, hasher.hash(password), clock.millis());
    if (!store.createUser(user)) {
      throw new AccountException("handle_taken", "the handle '" + h + "' is taken");
    }
    return user;
  }

  public LoginResult login(String handle, String password, String deviceName) {
    if (handle == null || password == null) {
      throw new AccountException("invalid_request", "handle and password are required");
    }
    if (deviceName != null && deviceName.length() > MAX_DEVICE_NAME) {
      throw new AccountException(
          "invalid_request", "deviceName is longer than " + MAX_DEVICE_NAME + " characters");
    }
    Optional<UserAccount> user = store.userByHandle(handle.trim().toLowerCase(Locale.ROOT));
    boolean ok = hasher.verify(password, user.map(UserAccount::passwordHash).orElse(decoyHash));
    if (user.isEmpty() || !ok) {
      throw new AccountException("bad_credentials", "unknown handle or wrong password");
    }
    String token = Ids.newToken();
    DeviceRecord device =
        new DeviceRecord(
            Ids.newId(),
            user.get().userId(),
            deviceName == null ? "device" : deviceName,
            clock.millis());
    store.addDevice(device, Ids.sha256(token));
    return new LoginResult(device.userId(), user.get().handle(), device.deviceId(), token);
  }

  /** The principal a bearer token stands for, if the token is known and its device not revoked. */
  public Optional<Principal> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 128) {
      return Optional.empty();
    }
    return store
        .deviceByTokenHash(Ids.sha256(token))
        .flatMap(
            d ->
                store
                    .userById(d.userId())
                    .map(u -> new Principal(u.userId(), u.handle(), d.deviceId())));
  }

  public List<DeviceRecord> devices(String userId) {
    return store.devices(userId);
  }

  /** Revokes one of the user's devices and disconnects it; false if the user has no such device. */
  public boolean revoke(String userId, String deviceId) {
    boolean removed = store.removeDevice(userId, deviceId);
    if (removed) {
      onDeviceRevoked.accept(deviceId);
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
}
