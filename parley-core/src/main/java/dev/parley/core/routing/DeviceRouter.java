package dev.parley.core.routing;

import dev.parley.core.feed.SessionEnd;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.log.CommitListener;
import dev.parley.core.presence.EphemeralEvent;
import java.util.Collection;
import java.util.Optional;

/**
 * Knows which devices are connected where and hands each committed event to the sessions of its
 * audience. Embedded: an in-process map. Cluster: device registrations in Redis and a push channel
 * between nodes.
 *
 * <p>Contract: a device has at most one attached session; committed batches are offered to each
 * session in commit order; the device that originated an event gets no live copy of it.
 */
public interface DeviceRouter extends CommitListener {

  /**
   * Attaches a session; returns the session it displaced for the same device, which the caller
   * closes.
   */
  Optional<SessionFeed> attach(SessionFeed feed);

  /** Detaches a session if it is still the one attached for its device. */
  void detach(SessionFeed feed);

  /** Closes the device's session, if connected (revocation). */
  void disconnect(String deviceId, SessionEnd why, String reason);

  /**
   * Pushes an ephemeral event (presence, typing) to every attached session of a user except {@code
   * exceptDevice} (may be null); best effort, not stored. Returns how many sessions it reaches on
   * this node (a cluster router hands the event to the other nodes too, which count their own), for
   * metrics.
   */
  int pushToUser(String userId, EphemeralEvent event, String exceptDevice);

  /** Every attached session, for shutdown. */
  Collection<SessionFeed> sessions();

  /** Whether the device has an attached session. */
  boolean attached(String deviceId);

  /** Number of attached sessions of one user. */
  int sessionCount(String userId);

  /** Number of attached sessions in total. */
  int sessionCount();
}
