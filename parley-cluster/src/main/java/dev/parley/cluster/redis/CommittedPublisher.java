package dev.parley.cluster.redis;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.log.Committed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a node's router: puts just-persisted events on the {@link PushBus}. A user's
 * events go on the user's channel, one message per user and run of events from the same origin
 * device; a group's event goes once to each node registered in {@link GroupNodes} for the slice it
 * was written to, not once per member. Everything leaves in the batch's position order, in one
 * {@link PushBus.Batch} on one connection, so a receiving node sees a partition's events in that
 * order.
 */
final class CommittedPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(CommittedPublisher.class);

  private final PushBus bus;
  private final GroupFanOut groupFanOut;

  CommittedPublisher(PushBus bus, GroupFanOut groupFanOut) {
    this.bus = bus;
    this.groupFanOut = groupFanOut;
  }

  /**
   * Called on a feed writer's thread, which may block: a batch with group events first reads their
   * slices' nodes from Redis. Completes once Redis has answered the publishes (or failed to).
   */
  CompletionStage<?> publish(List<Committed> batch) {
    Map<GroupNodes.Slice, List<String>> nodes = nodesOfSlices(batch);
    PushBus.Batch out = bus.batch();
    CompletionStage<?> sent;
    try {
      List<Committed> users = new ArrayList<>();
      for (Committed c : batch) {
        GroupNodes.Slice slice = sliceOf(c);
        if (slice == null) {
          users.add(c);
        } else {
          publishToUsers(out, users);
          users = new ArrayList<>();
          publishGroup(out, c, nodes.get(slice));
        }
      }
      publishToUsers(out, users);
    } finally {
      sent = out.send();
    }
    return sent;
  }

  private void publishToUsers(PushBus.Batch out, List<Committed> batch) {
    Map<String, List<Committed>> byUser = new LinkedHashMap<>();
    for (Committed c : batch) {
      for (String user : c.audience()) {
        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(c);
      }
    }
    byUser.forEach(
        (user, events) -> {
          List<BusMessage.FeedDelivery.Entry> run = new ArrayList<>();
          String origin = events.get(0).originDevice();
          for (Committed c : events) {
            if (!Objects.equals(origin, c.originDevice())) {
              publishDelivery(out, user, run, origin);
              run = new ArrayList<>();
              origin = c.originDevice();
            }
            run.add(new BusMessage.FeedDelivery.Entry(c.pos(), c.event()));
          }
          publishDelivery(out, user, run, origin);
        });
  }

  /**
   * One message per node hosting members of the event's slice; the members a node does not know to
   * be in the group yet (just created or added) also get it on their own channels, so their node
   * learns it. Without the slice's nodes (Redis did not answer), one message per member, as a
   * user's event.
   */
  private void publishGroup(PushBus.Batch out, Committed c, List<String> nodes) {
    if (nodes == null) {
      publishToUsers(out, List.of(c));
      return;
    }
    StoredMessage m = (StoredMessage) c.event();
    List<BusMessage.FeedDelivery.Entry> entry =
        List.of(new BusMessage.FeedDelivery.Entry(c.pos(), m));
    BusMessage.GroupDelivery delivery =
        new BusMessage.GroupDelivery(m.conv(), c.audience(), entry, c.originDevice());
    for (String node : nodes) {
      out.toNode(node, delivery);
    }
    for (String user : joining(m, c.audience())) {
      publishDelivery(out, user, entry, c.originDevice());
    }
  }

  /** The members of {@code audience} who join the group with this event. */
  private static List<String> joining(StoredMessage m, List<String> audience) {
    if (m.change() == null) {
      return List.of();
    }
    return switch (m.change().action()) {
      case CREATED -> audience;
      case ADDED -> audience.stream().filter(m.change().users()::contains).toList();
      default -> List.of();
    };
  }

  /** The group slice a committed event was written to, or null for a user's event. */
  private GroupNodes.Slice sliceOf(Committed c) {
    if (c.event() instanceof StoredMessage m
        && !c.audience().isEmpty()
        && ConversationId.parse(m.conv()).map(ConversationId::isGroup).orElse(false)) {
      return new GroupNodes.Slice(
          m.conv(), groupFanOut.partitionOf().applyAsInt(c.audience().get(0)));
    }
    return null;
  }

  /** The nodes of every group slice in the batch; empty if Redis did not answer in time. */
  private Map<GroupNodes.Slice, List<String>> nodesOfSlices(List<Committed> batch) {
    Set<GroupNodes.Slice> slices = new HashSet<>();
    for (Committed c : batch) {
      GroupNodes.Slice slice = sliceOf(c);
      if (slice != null) {
        slices.add(slice);
      }
    }
    if (slices.isEmpty()) {
      return Map.of();
    }
    try {
      return groupFanOut.nodes().nodesOf(slices).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (Exception e) {
      LOG.warn("group nodes unknown; pushing {} group events per member", slices.size(), e);
      return Map.of();
    }
  }

  private static void publishDelivery(
      PushBus.Batch out, String user, List<BusMessage.FeedDelivery.Entry> entries, String origin) {
    out.toUser(user, new BusMessage.FeedDelivery(user, entries, origin));
  }
}
