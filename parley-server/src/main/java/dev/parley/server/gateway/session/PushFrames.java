package dev.parley.server.gateway.session;

import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.GroupTicks;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.feed.FeedBatch;
import dev.parley.core.feed.SessionEnd;
import dev.parley.core.group.MembershipChange;
import dev.parley.core.presence.EphemeralEvent;
import dev.parley.core.presence.PresenceStatus;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.PresenceInfo;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * What the core pushes to a device, as frames: feed batches, sync markers, presence and typing, and
 * the close code for each way a session ends. The wire shapes are documented in docs/protocol.md;
 * nothing here decides anything.
 */
public final class PushFrames {
  private PushFrames() {}

  public static ServerFrame.Feed feed(FeedBatch batch) {
    List<FeedEvent> events = new ArrayList<>(batch.events().size());
    for (ConversationEvent e : batch.events()) {
      events.add(event(e));
    }
    return new ServerFrame.Feed(events, batch.cursor());
  }

  public static ServerFrame.Synced synced(String cursor, boolean reset) {
    return new ServerFrame.Synced(cursor, reset);
  }

  public static ServerFrame ephemeral(EphemeralEvent event) {
    if (event instanceof EphemeralEvent.PresenceChanged p) {
      return new ServerFrame.Presence(null, presence(p.users()));
    }
    EphemeralEvent.Typing t = (EphemeralEvent.Typing) event;
    return new ServerFrame.Typing(t.conv(), t.user(), t.active());
  }

  public static int closeCode(SessionEnd why) {
    return switch (why) {
      case REPLACED -> CloseCodes.REPLACED;
      case REVOKED -> CloseCodes.DEVICE_REVOKED;
      case SHUTTING_DOWN -> CloseCodes.GOING_AWAY;
      case BUSY -> CloseCodes.TRY_AGAIN_LATER;
    };
  }

  static List<PresenceInfo> presence(List<PresenceStatus> users) {
    List<PresenceInfo> out = new ArrayList<>(users.size());
    for (PresenceStatus s : users) {
      out.add(new PresenceInfo(s.userId(), s.online(), s.lastSeen()));
    }
    return out;
  }

  static FeedEvent event(ConversationEvent event) {
    if (event instanceof StoredMessage m) {
      return message(m);
    }
    if (event instanceof ReceiptMoved r) {
      return new FeedEvent.Receipt(r.conv(), r.user(), r.delivered(), r.read());
    }
    GroupTicks g = (GroupTicks) event;
    return new FeedEvent.GroupReceipt(g.conv(), g.delivered(), g.read());
  }

  static List<FeedEvent.Message> messages(List<StoredMessage> messages) {
    List<FeedEvent.Message> out = new ArrayList<>(messages.size());
    for (StoredMessage m : messages) {
      out.add(message(m));
    }
    return out;
  }

  static FeedEvent.Message message(StoredMessage m) {
    if (m == null) {
      return null;
    }
    MembershipChange c = m.change();
    return new FeedEvent.Message(
        m.conv(),
        m.seq(),
        m.id(),
        m.from(),
        m.device(),
        m.ts(),
        m.body(),
        c == null
            ? null
            : new FeedEvent.Membership(
                c.action().label(), c.actor(), c.users(), c.title(), c.promoted()));
  }
}
