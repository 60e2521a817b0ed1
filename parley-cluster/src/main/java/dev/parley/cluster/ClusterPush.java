package dev.parley.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.cluster.cassandra.CassandraPushStore;
import dev.parley.cluster.redis.BusMessage;
import dev.parley.cluster.redis.PushBus;
import dev.parley.core.push.PushService;
import dev.parley.core.push.PushStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push notifications in cluster mode. The node that writes a user's feed partition is the one that
 * plans, queues and sends the user's notifications: each committed event reaches exactly one feed
 * writer per recipient, so each notification has exactly one sender, and when a node dies its
 * partitions, with their queued notifications in Cassandra, move to a survivor.
 *
 * <p>This class keeps the node's {@link PushService} serving exactly the users of the partitions it
 * owns: when they change, it subscribes their Redis channels first (so no later registration is
 * missed) and then has the service read their targets, mutes and queue again. A registration
 * written on any node is announced on the user's partition channel, and the owner reads that user's
 * registrations again.
 */
public final class ClusterPush {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPush.class);

  private final PushBus bus;
  private final CassandraPushStore store;
  private volatile Set<Integer> served = Set.of();
  private volatile PushService service;

  /** Registers with {@code bus} for its kind of message; the node starts the bus afterwards. */
  ClusterPush(PushBus bus, FeedPartitions partitions, CqlSession session, String keyspace) {
    this.bus = bus;
    this.store = new CassandraPushStore(session, keyspace, partitions, () -> served);
    store.onChanged(
        user ->
            bus.publishToPartition(partitions.of(user), new BusMessage.PushChanged(user))
                .exceptionally(
                    e -> {
                      LOG.warn(
                          "push registration change of {} not announced: {}", user, e.toString());
                      return null;
                    }));
    bus.receive(
        BusMessage.PushChanged.class,
        m -> {
          PushService s = service;
          if (s != null) {
            s.userChanged(m.user());
          }
        });
    // Announcements sent while the subscription was down are lost: read everything again.
    bus.onResubscribed(
        () -> {
          PushService s = service;
          if (s != null) {
            s.servedUsersChanged();
          }
        });
  }

  PushStore store() {
    return store;
  }

  /** Push is on: from now on the node follows its feed partitions (before the log starts). */
  void start(PushService push) {
    this.service = push;
  }

  /** The feed partitions this node owns now (on the feed writer's thread, inside a poll). */
  void owned(Set<Integer> now) {
    PushService s = service;
    Set<Integer> before = served;
    if (s == null || now.equals(before)) {
      return;
    }
    List<CompletableFuture<Void>> subscribed = new ArrayList<>();
    for (int p : now) {
      if (!before.contains(p)) {
        subscribed.add(bus.subscribePartition(p).toCompletableFuture());
      }
    }
    try {
      CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new))
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The registrations are still read below; only a change made in the next moments may wait
      // for the next resubscription or rebalance.
      LOG.warn("partition channels not all subscribed: {}", e.toString());
    }
    for (int p : before) {
      if (!now.contains(p)) {
        bus.unsubscribePartition(p);
      }
    }
    served = now;
    s.servedUsersChanged();
    LOG.info("push serves the users of feed partitions {}", now);
  }
}
