package dev.parley.core.account;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AccountStore} in memory, for unit tests of the account rules. */
public final class MemoryAccountStore implements AccountStore {
  private final Map<String, UserAccount> byHandle = new ConcurrentHashMap<>();
  private final Map<String, UserAccount> byId = new ConcurrentHashMap<>();
  private final Map<String, DeviceRecord> devices = new ConcurrentHashMap<>();
  private final Map<ByteBuffer, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, ByteBuffer> tokenOf = new ConcurrentHashMap<>();
  private final Map<String, UserSettings> settings = new ConcurrentHashMap<>();

  @Override
  public boolean createUser(UserAccount user) {
    if (byHandle.putIfAbsent(user.handle(), user) != null) {
      return false;
    }
    byId.put(user.userId(), user);
    return true;
  }

  @Override
  public Optional<UserAccount> userByHandle(String handle) {
    return Optional.ofNullable(byHandle.get(handle));
  }

  @Override
  public Optional<UserAccount> userById(String userId) {
    return Optional.ofNullable(byId.get(userId));
  }

  @Override
  public List<UserAccount> usersByIds(List<String> userIds) {
    List<UserAccount> found = new ArrayList<>();
    for (String id : userIds) {
      UserAccount user = byId.get(id);
      if (user != null) {
        found.add(user);
      }
    }
    return found;
  }

  @Override
  public synchronized void addDevice(DeviceRecord device, byte[] tokenHash) {
    ByteBuffer token = ByteBuffer.wrap(tokenHash.clone());
    devices.put(device.deviceId(), device);
    tokens.put(token, device.deviceId());
    tokenOf.put(device.deviceId(), token);
  }

  @Override
  public Optional<DeviceRecord> deviceByTokenHash(byte[] tokenHash) {
    String id = tokens.get(ByteBuffer.wrap(tokenHash));
    return id == null ? Optional.empty() : Optional.ofNullable(devices.get(id));
  }

  @Override
  public List<DeviceRecord> devices(String userId) {
    List<DeviceRecord> out = new ArrayList<>();
    for (DeviceRecord d : devices.values()) {
      if (d.userId().equals(userId)) {
        out.add(d);
      }
    }
    return out;
  }

  @Override
  public synchronized void touchDevice(String userId, String deviceId, long atMillis) {
    devices.computeIfPresent(
        deviceId, (id, d) -> d.userId().equals(userId) ? d.usedAt(atMillis) : d);
  }

  @Override
  public synchronized boolean removeDevice(String userId, String deviceId) {
    DeviceRecord d = devices.get(deviceId);
    if (d == null || !d.userId().equals(userId)) {
      return false;
    }
    devices.remove(deviceId);
    ByteBuffer token = tokenOf.remove(deviceId);
    if (token != null) {
      tokens.remove(token);
    }
    return true;
  }

  @Override
  public UserSettings settings(String userId) {
    return settings.getOrDefault(userId, UserSettings.DEFAULTS);
  }

  @Override
  public void saveSettings(String userId, UserSettings s) {
    settings.put(userId, s);
  }
}
