package dev.parley.cluster.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.cluster.EventJson;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.SessionFeed;
import dev.parley.core.group.MembershipChange;
import dev.parley.core.log.CommitListener;
import dev.parley.core.log.Committed;
import dev.parley.core.routing.LocalDeviceRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of a node's router ({@link ClusterDeviceRouter}): hands the feed and group
 * deliveries and the ephemeral frames the {@link PushBus} brings to this node's sessions, keeps the
 * node's group registrations in step with the membership events among them, and has sessions
 * re-read their feeds when live events may have missed them.
 */
final class DeliveryReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryReceiver.class);

  private final LocalDeviceRouter local;
  private final LocalGroups groups;

  /** Hears what reaches this node's sessions; set once, by {@link ClusterDeviceRouter#start}. */
  private volatile CommitListener delivered = batch -> {};

  DeliveryReceiver(LocalDeviceRouter local, LocalGroups groups) {
    this.local = local;
    this.groups = groups;
  }

  void reportTo(CommitListener delivered) {
    this.delivered = delivered;
  }

  /** Live events of the user may have missed this node: their sessions re-read their feeds. */
  void resyncUser(String user) {
    for (SessionFeed feed : local.sessions()) {
      if (feed.session().userId().equals(user)) {
        feed.resync();
      }
    }
  }

  /** The push channel was lost for a while: every session re-reads what it may have missed. */
  void resyncSessions() {
    for (SessionFeed feed : local.sessions()) {
      feed.resync();
    }
  }

  void deliver(BusMessage.FeedDelivery delivery) {
    List<Committed> batch = new ArrayList<>(delivery.entries().size());
    List<String> audience = List.of(delivery.user());
    for (BusMessage.FeedDelivery.Entry e : delivery.entries()) {
      batch.add(new Committed(e.pos(), e.event(), audience, delivery.originDevice()));
    }
    local.committed(batch);
    delivered.committed(batch);
    for (BusMessage.FeedDelivery.Entry e : delivery.entries()) {
      if (e.event() instanceof StoredMessage m
          && ConversationId.parse(m.conv()).map(ConversationId::isGroup).orElse(false)) {
        learnMembership(delivery.user(), m);
      }
    }
  }

  void deliverGroup(BusMessage.GroupDelivery delivery) {
    List<String> here = new ArrayList<>();
    for (String member : delivery.members()) {
      if (local.sessionCount(member) > 0) {
        here.add(member);
      }
    }
    if (here.isEmpty()) {
      return;
    }
    List<Committed> batch = new ArrayList<>(delivery.entries().size());
    for (BusMessage.FeedDelivery.Entry e : delivery.entries()) {
      batch.add(new Committed(e.pos(), e.event(), here, delivery.originDevice()));
    }
    local.committed(batch);
    delivered.committed(batch);
    for (BusMessage.FeedDelivery.Entry e : delivery.entries()) {
      if (e.event() instanceof StoredMessage m) {
        here.forEach(user -> learnMembership(user, m));
      }
    }
  }

  /**
   * Keeps this node's registrations in step with a group event a local user received: one who left
   * stops needing them; one who joined needs them, and once they are in place re-reads their feed
   * for what was pushed to the group's other nodes meanwhile.
   */
  private void learnMembership(String user, StoredMessage m) {
    MembershipChange change = m.change();
    if (change != null
        && (change.action() == MembershipChange.Action.REMOVED
            || change.action() == MembershipChange.Action.LEFT)
        && change.users().contains(user)) {
      groups.left(user, m.conv());
      return;
    }
    CompletionStage<Boolean> registered = groups.joined(user, m.conv());
    if (registered != null) {
      registered.whenComplete((ok, error) -> resyncUser(user));
    }
  }

  void pushLocal(BusMessage.Ephemeral ephemeral) {
    try {
      local.pushToUser(
          ephemeral.user(), EventJson.ephemeral(ephemeral.eventJson()), ephemeral.exceptDevice());
    } catch (JsonProcessingException e) {
      LOG.warn("ephemeral frame for {} could not be decoded", ephemeral.user(), e);
    }
  }
}
