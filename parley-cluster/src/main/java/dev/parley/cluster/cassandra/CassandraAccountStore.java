package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.parley.core.account.AccountStore;
import dev.parley.core.account.DeviceRecord;
import dev.parley.core.account.UserAccount;
import dev.parley.core.account.UserSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Accounts on Cassandra (tables {@code users_by_handle}, {@code users}, {@code devices}, {@code
 * devices_by_token}, {@code settings}; layout in the package doc).
 *
 * <p>A handle is claimed with a lightweight transaction on {@code users_by_handle}, so of
 * concurrent creations on any nodes exactly one wins; the user's row by id is written after the
 * claim. A crash between the two leaves a handle that is taken yet whose user is not found by id:
 * the sign-up failed and the handle stays reserved, which is the safe side.
 */
public final class CassandraAccountStore implements AccountStore {
  private final CqlSession session;
  private final PreparedStatement claimHandle;
  private final PreparedStatement insertUser;
  private final PreparedStatement selectByHandle;
  private final PreparedStatement selectById;
  private final PreparedStatement insertDevice;
  private final PreparedStatement insertToken;
  private final PreparedStatement selectToken;
  private final PreparedStatement selectDevices;
  private final PreparedStatement selectDeviceToken;
  private final PreparedStatement deleteDevice;
  private final PreparedStatement deleteToken;
  private final PreparedStatement selectSettings;
  private final PreparedStatement insertSettings;
  private final PreparedStatement touchDevice;
  private final PreparedStatement touchToken;

  public CassandraAccountStore(CqlSession session, String keyspace) {
    this.session = session;
    claimHandle =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.users_by_handle (handle, user_id, password_hash, created_at) VALUES (?, ?, ?, ?) IF NOT EXISTS",
            false);
    insertUser =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.users (user_id, handle, password_hash, created_at) VALUES (?, ?, ?, ?)");
    selectByHandle =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT user_id, handle, password_hash, created_at FROM %s.users_by_handle WHERE handle = ?");
    selectById =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT user_id, handle, password_hash, created_at FROM %s.users WHERE user_id = ?");
    insertDevice =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.devices (user_id, device_id, name, created_at, token_hash, last_used) VALUES (?, ?, ?, ?, ?, ?)");
    insertToken =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.devices_by_token (token_hash, user_id, device_id, name, created_at, last_used) VALUES (?, ?, ?, ?, ?, ?)");
    selectToken =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT user_id, device_id, name, created_at, last_used FROM %s.devices_by_token WHERE token_hash = ?");
    selectDevices =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT user_id, device_id, name, created_at, last_used FROM %s.devices WHERE user_id = ?");
    selectDeviceToken =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT token_hash FROM %s.devices WHERE user_id = ? AND device_id = ?");
    // Lightweight transactions: a plain UPDATE is an upsert and would bring a device removed
    // meanwhile back as a partial row (and its token with it). Rare: at most hourly per device.
    touchDevice =
        LocalQuorum.prepare(
            session,
            keyspace,
            "UPDATE %s.devices SET last_used = ? WHERE user_id = ? AND device_id = ? IF EXISTS",
            false);
    touchToken =
        LocalQuorum.prepare(
            session,
            keyspace,
            "UPDATE %s.devices_by_token SET last_used = ? WHERE token_hash = ? IF EXISTS",
            false);
    deleteDevice =
        LocalQuorum.prepare(
            session, keyspace, "DELETE FROM %s.devices WHERE user_id = ? AND device_id = ?");
    deleteToken =
        LocalQuorum.prepare(
            session, keyspace, "DELETE FROM %s.devices_by_token WHERE token_hash = ?");
    selectSettings =
        LocalQuorum.prepare(
            session, keyspace, "SELECT hide_last_seen FROM %s.settings WHERE user_id = ?");
    insertSettings =
        LocalQuorum.prepare(
            session, keyspace, "INSERT INTO %s.settings (user_id, hide_last_seen) VALUES (?, ?)");
  }

  @Override
  public boolean createUser(UserAccount user) {
    boolean claimed =
        session
            .execute(
                claimHandle.bind(
                    user.handle(), user.userId(), user.passwordHash(), user.createdAt()))
            .wasApplied();
    if (claimed) {
      session.execute(
          insertUser.bind(user.userId(), user.handle(), user.passwordHash(), user.createdAt()));
    }
    return claimed;
  }

  @Override
  public Optional<UserAccount> userByHandle(String handle) {
    return Optional.ofNullable(session.execute(selectByHandle.bind(handle)).one())
        .map(CassandraAccountStore::user);
  }

  @Override
  public Optional<UserAccount> userById(String userId) {
    return Optional.ofNullable(session.execute(selectById.bind(userId)).one())
        .map(CassandraAccountStore::user);
  }

  /**
   * One single-partition read per id, all in flight at once (no {@code IN} over partitions, which
   * would make one coordinator wait for them all), answered in the order asked.
   */
  @Override
  public List<UserAccount> usersByIds(List<String> userIds) {
    List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>(userIds.size());
    for (String userId : userIds) {
      reads.add(session.executeAsync(selectById.bind(userId)).toCompletableFuture());
    }
    List<UserAccount> found = new ArrayList<>(reads.size());
    for (CompletableFuture<AsyncResultSet> read : reads) {
      Row row = read.join().one();
      if (row != null) {
        found.add(user(row));
      }
    }
    return found;
  }

  @Override
  public void addDevice(DeviceRecord device, byte[] tokenHash) {
    ByteBuffer token = ByteBuffer.wrap(tokenHash.clone());
    // Logged: the two rows live in different partitions, and a device must never exist without its
    // token
    // row (or the reverse) after a coordinator crash.
    session.execute(
        LocalQuorum.batch(BatchType.LOGGED)
            .addStatement(
                insertDevice.bind(
                    device.userId(),
                    device.deviceId(),
                    device.name(),
                    device.createdAt(),
                    token,
                    device.lastUsedAt()))
            .addStatement(
                insertToken.bind(
                    token,
                    device.userId(),
                    device.deviceId(),
                    device.name(),
                    device.createdAt(),
                    device.lastUsedAt()))
            .build());
  }

  @Override
  public Optional<DeviceRecord> deviceByTokenHash(byte[] tokenHash) {
    return Optional.ofNullable(
            session.execute(selectToken.bind(ByteBuffer.wrap(tokenHash.clone()))).one())
        .map(CassandraAccountStore::device);
  }

  @Override
  public List<DeviceRecord> devices(String userId) {
    List<DeviceRecord> out = new ArrayList<>();
    for (Row row : session.execute(selectDevices.bind(userId))) {
      out.add(device(row));
    }
    return out;
  }

  @Override
  public void touchDevice(String userId, String deviceId, long atMillis) {
    Row row = session.execute(selectDeviceToken.bind(userId, deviceId)).one();
    if (row == null) {
      return;
    }
    if (session.execute(touchDevice.bind(atMillis, userId, deviceId)).wasApplied()) {
      session.execute(touchToken.bind(atMillis, row.getByteBuffer("token_hash")));
    }
  }

  @Override
  public boolean removeDevice(String userId, String deviceId) {
    Row row = session.execute(selectDeviceToken.bind(userId, deviceId)).one();
    if (row == null) {
      return false;
    }
    session.execute(
        LocalQuorum.batch(BatchType.LOGGED)
            .addStatement(deleteToken.bind(row.getByteBuffer("token_hash")))
            .addStatement(deleteDevice.bind(userId, deviceId))
            .build());
    return true;
  }

  @Override
  public UserSettings settings(String userId) {
    Row row = session.execute(selectSettings.bind(userId)).one();
    return row == null ? UserSettings.DEFAULTS : new UserSettings(row.getBoolean("hide_last_seen"));
  }

  @Override
  public void saveSettings(String userId, UserSettings settings) {
    session.execute(insertSettings.bind(userId, settings.hideLastSeen()));
  }

  private static UserAccount user(Row row) {
    return new UserAccount(
        row.getString("user_id"),
        row.getString("handle"),
        row.getString("password_hash"),
        row.getLong("created_at"));
  }

  /** {@code last_used} is null in rows written before it existed: read as 0. */
  private static DeviceRecord device(Row row) {
    return new DeviceRecord(
        row.getString("device_id"),
        row.getString("user_id"),
        row.getString("name"),
        row.getLong("created_at"),
        row.isNull("last_used") ? 0 : row.getLong("last_used"));
  }
}
