package dev.parley.core.account;

import java.util.List;
import java.util.Optional;

/**
 * Storage of users, devices and token hashes.
 *
 * <p>Contract (tested by {@code AccountStoreContract}): {@link #createUser} is atomic on the handle
 * — of two concurrent creations with one handle exactly one succeeds; a removed device's token hash
 * no longer resolves; {@link #touchDevice} never brings a removed device back; records written
 * before a field existed still load (a device without a last use reads 0); everything written is
 * durable when the call returns.
 */
public interface AccountStore {

  /** Creates the user unless the handle is taken; returns false if it is. */
  boolean createUser(UserAccount user);

  Optional<UserAccount> userByHandle(String handle);

  Optional<UserAccount> userById(String userId);

  /**
   * The users of {@code userIds} that exist, in the order of {@code userIds}: an id that names no
   * user is left out (no error). One call for many ids, so an implementation can batch its reads.
   * The caller passes distinct ids.
   */
  List<UserAccount> usersByIds(List<String> userIds);

  void addDevice(DeviceRecord device, byte[] tokenHash);

  Optional<DeviceRecord> deviceByTokenHash(byte[] tokenHash);

  List<DeviceRecord> devices(String userId);

  /**
   * Records that the device was used at {@code atMillis}: {@link DeviceRecord#lastUsedAt} as read
   * by {@link #deviceByTokenHash} and {@link #devices}. Does nothing if the user has no such device
   * (a device removed meanwhile stays removed).
   */
  void touchDevice(String userId, String deviceId, long atMillis);

  /** Removes the device and its token; false if the user has no such device. */
  boolean removeDevice(String userId, String deviceId);

  /** The user's privacy settings (defaults when never set). */
  UserSettings settings(String userId);

  void saveSettings(String userId, UserSettings settings);
}
