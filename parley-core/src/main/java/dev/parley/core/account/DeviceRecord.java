package dev.parley.core.account;

/**
 * A logged-in device of a user. {@code lastUsedAt}: when it last authenticated (written at most
 * once per {@link DeviceLimits#touchInterval}); 0 in records stored before it existed, which count
 * as last used when created.
 */
public record DeviceRecord(
    String deviceId, String userId, String name, long createdAt, long lastUsedAt) {

  /** A device used last when it was created. */
  public DeviceRecord(String deviceId, String userId, String name, long createdAt) {
    this(deviceId, userId, name, createdAt, createdAt);
  }

  /** When the device was last used, as far as is known. */
  public long lastUsed() {
    return Math.max(createdAt, lastUsedAt);
  }

  public DeviceRecord usedAt(long atMillis) {
    return new DeviceRecord(deviceId, userId, name, createdAt, atMillis);
  }
}
