package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.cluster.FeedPartitions;
import dev.parley.core.push.PushNotification;
import dev.parley.core.push.PushStore;
import dev.parley.core.push.PushTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Push state in Cassandra, partitioned like the users' feeds ({@code part} = the user's feed
 * partition): {@code push_targets}, {@code push_mutes} and {@code push_queue}. The node that owns a
 * feed partition plans and sends the notifications of its users, so it loads exactly its
 * partitions' rows: {@link #targets()}, {@link #mutes()} and {@link #queued()} answer for the
 * partitions {@code served} names at the time of the call.
 *
 * <p>A change to a user's targets or mutes is reported to {@code changed} once it is written, so
 * the node serving the user (maybe another one) reads them again.
 */
public final class CassandraPushStore implements PushStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final CqlSession session;
  private final FeedPartitions partitions;
  private final Supplier<Set<Integer>> served;
  private volatile Consumer<String> changed = user -> {};

  /** Queued notifications' partitions, so a removal by id finds its row. */
  private final Map<String, Integer> queuedPart = new ConcurrentHashMap<>();

  private final PreparedStatement targetsOfPart;
  private final PreparedStatement targetsOfUser;
  private final PreparedStatement insertTarget;
  private final PreparedStatement deleteTarget;
  private final PreparedStatement deleteTargetWithKey;
  private final PreparedStatement mutesOfPart;
  private final PreparedStatement mutesOfUser;
  private final PreparedStatement insertMute;
  private final PreparedStatement deleteMute;
  private final PreparedStatement queuedOfPart;
  private final PreparedStatement insertQueued;
  private final PreparedStatement deleteQueued;

  public CassandraPushStore(
      CqlSession session,
      String keyspace,
      FeedPartitions partitions,
      Supplier<Set<Integer>> served) {
    this.session = session;
    this.partitions = partitions;
    this.served = served;
    String target = "user_id, device_id, gateway, push_key, registered_at";
    targetsOfPart =
        LocalQuorum.prepare(
            session, keyspace, "SELECT " + target + " FROM %s.push_targets WHERE part = ?");
    targetsOfUser =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT " + target + " FROM %s.push_targets WHERE part = ? AND user_id = ?");
    insertTarget =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.push_targets (part, " + target + ") VALUES (?, ?, ?, ?, ?, ?)");
    deleteTarget =
        LocalQuorum.prepare(
            session,
            keyspace,
            "DELETE FROM %s.push_targets WHERE part = ? AND user_id = ? AND device_id = ?");
    // Conditional: a key a gateway found dead must not remove the key registered since.
    deleteTargetWithKey =
        LocalQuorum.prepare(
            session,
            keyspace,
            "DELETE FROM %s.push_targets WHERE part = ? AND user_id = ? AND device_id = ?"
                + " IF push_key = ?",
            false);
    mutesOfPart =
        LocalQuorum.prepare(
            session, keyspace, "SELECT user_id, conv, until FROM %s.push_mutes WHERE part = ?");
    mutesOfUser =
        LocalQuorum.prepare(
            session,
            keyspace,
            "SELECT user_id, conv, until FROM %s.push_mutes WHERE part = ? AND user_id = ?");
    insertMute =
        LocalQuorum.prepare(
            session,
            keyspace,
            "INSERT INTO %s.push_mutes (part, user_id, conv, until) VALUES (?, ?, ?, ?)");
    deleteMute =
        LocalQuorum.prepare(
            session,
            keyspace,
            "DELETE FROM %s.push_mutes WHERE part = ? AND user_id = ? AND conv = ?");
    queuedOfPart =
        LocalQuorum.prepare(
            session, keyspace, "SELECT id, value FROM %s.push_queue WHERE part = ?");
    insertQueued =
        LocalQuorum.prepare(
            session, keyspace, "INSERT INTO %s.push_queue (part, id, value) VALUES (?, ?, ?)");
    deleteQueued =
        LocalQuorum.prepare(
            session, keyspace, "DELETE FROM %s.push_queue WHERE part = ? AND id = ?");
  }

  /** Where to report that a user's targets or mutes changed (set once, at wiring). */
  public void onChanged(Consumer<String> changed) {
    this.changed = changed;
  }

  @Override
  public List<PushTarget> targets() {
    List<PushTarget> out = new ArrayList<>();
    for (int part : served.get()) {
      session.execute(targetsOfPart.bind(part)).forEach(r -> out.add(target(r)));
    }
    return out;
  }

  @Override
  public List<PushTarget> targets(String userId) {
    List<PushTarget> out = new ArrayList<>();
    session
        .execute(targetsOfUser.bind(partitions.of(userId), userId))
        .forEach(r -> out.add(target(r)));
    return out;
  }

  @Override
  public void saveTarget(PushTarget t) {
    session.execute(
        insertTarget.bind(
            partitions.of(t.userId()),
            t.userId(),
            t.deviceId(),
            t.gateway(),
            t.key(),
            t.registeredAt()));
    changed.accept(t.userId());
  }

  @Override
  public void removeTarget(String userId, String deviceId, String key) {
    int part = partitions.of(userId);
    session.execute(
        key == null
            ? deleteTarget.bind(part, userId, deviceId)
            : deleteTargetWithKey.bind(part, userId, deviceId, key));
    changed.accept(userId);
  }

  @Override
  public List<Mute> mutes() {
    List<Mute> out = new ArrayList<>();
    for (int part : served.get()) {
      session.execute(mutesOfPart.bind(part)).forEach(r -> out.add(mute(r)));
    }
    return out;
  }

  @Override
  public List<Mute> mutes(String userId) {
    List<Mute> out = new ArrayList<>();
    session.execute(mutesOfUser.bind(partitions.of(userId), userId)).forEach(r -> out.add(mute(r)));
    return out;
  }

  @Override
  public void saveMute(Mute mute) {
    session.execute(
        insertMute.bind(partitions.of(mute.userId()), mute.userId(), mute.conv(), mute.until()));
    changed.accept(mute.userId());
  }

  @Override
  public void removeMute(String userId, String conv) {
    session.execute(deleteMute.bind(partitions.of(userId), userId, conv));
    changed.accept(userId);
  }

  @Override
  public List<PushNotification> queued() {
    List<PushNotification> out = new ArrayList<>();
    for (int part : served.get()) {
      for (Row r : session.execute(queuedOfPart.bind(part))) {
        PushNotification n = read(r.getString("value"));
        queuedPart.put(n.id(), part);
        out.add(n);
      }
    }
    return out;
  }

  @Override
  public void saveQueued(PushNotification n) {
    int part = partitions.of(n.target().userId());
    session.execute(insertQueued.bind(part, n.id(), write(n)));
    queuedPart.put(n.id(), part);
  }

  @Override
  public void removeQueued(String id) {
    Integer part = queuedPart.remove(id);
    if (part != null) {
      session.execute(deleteQueued.bind(part, id));
    }
  }

  private static PushTarget target(Row r) {
    return new PushTarget(
        r.getString("user_id"),
        r.getString("device_id"),
        r.getString("gateway"),
        r.getString("push_key"),
        r.getLong("registered_at"));
  }

  private static Mute mute(Row r) {
    return new Mute(r.getString("user_id"), r.getString("conv"), r.getLong("until"));
  }

  private static String write(PushNotification n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("push notification not writable", e);
    }
  }

  private static PushNotification read(String json) {
    try {
      return JSON.readValue(json, PushNotification.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable queued push notification: " + e.getMessage(), e);
    }
  }
}
