package dev.parley.core.push;

import java.util.Collection;
import java.util.List;

/**
 * Durable push state: devices' push targets, users' muted conversations, and the notifications not
 * yet accepted by a gateway.
 *
 * <p>Contract (tested by {@code PushStoreContract}): every write is durable when the call returns
 * and visible to the next read; a device has at most one target (registering again replaces it);
 * {@link #removeTarget(String, String, String)} removes a target only while it still has that key,
 * so a key found dead cannot remove the one the device registered since. The node keeps what it
 * serves in memory ({@link PushRegistry}, {@link PushQueue}) and reads it back at start-up, when
 * the set of users it serves changes (cluster mode), and a user's targets and mutes when they
 * changed on another node.
 *
 * <p>In cluster mode a node serves the users whose feed partitions it owns: {@link #targets()},
 * {@link #mutes()} and {@link #queued()} answer for those users only; the per-user reads for any
 * user.
 */
public interface PushStore {

  /** Every registered target. */
  List<PushTarget> targets();

  /** The user's targets, one per registered device. */
  List<PushTarget> targets(String userId);

  /** Saves {@code target}, replacing the device's previous one. */
  void saveTarget(PushTarget target);

  /** Removes the device's target if it still has {@code key} (any key if null). */
  void removeTarget(String userId, String deviceId, String key);

  /** Every muted conversation of every user. */
  List<Mute> mutes();

  /** The user's muted conversations (also those whose mute has run out). */
  List<Mute> mutes(String userId);

  /** Mutes {@code conv} for {@code userId} until {@code until} (epoch ms; Long.MAX_VALUE: ever). */
  void saveMute(Mute mute);

  void removeMute(String userId, String conv);

  /** Every notification queued and not yet accepted by its gateway. */
  List<PushNotification> queued();

  /** Saves {@code notification} (by id, replacing an earlier version of it). */
  void saveQueued(PushNotification notification);

  void removeQueued(String id);

  /**
   * Saves {@code saves} (by id, replacing) and removes {@code removals}, all in one write: the push
   * thread's changes of one round, so a busy queue costs one durable write per round, not two per
   * notification. No id is in both lists. Durable when the call returns, like every write.
   */
  default void writeQueued(Collection<PushNotification> saves, Collection<String> removals) {
    saves.forEach(this::saveQueued);
    removals.forEach(this::removeQueued);
  }

  /** A user's muted conversation. */
  record Mute(String userId, String conv, long until) {}
}
