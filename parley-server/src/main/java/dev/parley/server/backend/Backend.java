package dev.parley.server.backend;

import dev.parley.core.account.AccountStore;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupStore;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.messaging.HistoryStore;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.presence.PresenceStore;
import dev.parley.core.push.PushService;
import dev.parley.core.push.PushStore;
import dev.parley.core.routing.DeviceRouter;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The implementations behind the core's seams, chosen by the run mode: one code base, two ways to
 * run. The gateway and the messaging core see only the seams.
 */
public interface Backend extends AutoCloseable {

  ConversationLog log();

  HistoryStore history();

  GroupStore groups();

  FeedStore feeds();

  AccountStore accounts();

  DeviceRouter router();

  PresenceStore presence();

  /**
   * Where push targets, mutes and queued notifications are kept; empty where push is not built yet.
   */
  Optional<PushStore> pushStore();

  /**
   * Whether a device has a live session anywhere (so it needs no push notification). Called on the
   * push thread; it may wait on the network.
   */
  default Predicate<String> deviceOnline() {
    return router()::attached;
  }

  /**
   * Routes committed events to connected devices, to {@code presence} and to {@code push} (null: no
   * push notifications), and starts taking writes.
   */
  void start(PresenceService presence, PushService push);

  /** Whether writes can be taken (the readiness probe). */
  boolean healthy();

  /** One line for the start-up log. */
  String describe();

  /**
   * Stops taking writes; what was queued is committed first. Reads still work until {@link #close}.
   */
  void stopWrites();

  /** Releases everything; called after {@link #stopWrites} once nothing reads any more. */
  @Override
  void close();
}
