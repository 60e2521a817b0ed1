package dev.parley.server.gateway.session;

import dev.parley.core.account.UserRef;
import dev.parley.core.group.GroupChanged;
import dev.parley.core.group.MemberPage;
import dev.parley.core.group.ReadByPage;
import dev.parley.core.group.ReadByQuery;
import dev.parley.core.messaging.ConversationOpened;
import dev.parley.core.messaging.ConversationOverview;
import dev.parley.core.messaging.ConversationPage;
import dev.parley.core.messaging.HistoryPage;
import dev.parley.core.messaging.MessageSent;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The core's results as reply frames: each carries the {@code ref} of the request it answers. The
 * wire shapes are documented in docs/protocol.md; nothing here decides anything.
 */
final class ReplyFrames {
  private ReplyFrames() {}

  /** {@code id} is echoed as the client sent it. */
  static ServerFrame sent(String ref, String id, MessageSent sent) {
    return new ServerFrame.Sent(ref, id, sent.conv().value(), sent.seq(), sent.ts());
  }

  static ServerFrame opened(String ref, ConversationOpened opened) {
    return new ServerFrame.Opened(ref, opened.conv().value(), peer(opened.peer()));
  }

  static ServerFrame history(String ref, HistoryPage page) {
    return new ServerFrame.History(
        ref, page.conv().value(), PushFrames.messages(page.messages()), page.next());
  }

  static ServerFrame conversations(String ref, ConversationPage page) {
    List<ConversationSummary> items = new ArrayList<>(page.items().size());
    for (ConversationOverview c : page.items()) {
      items.add(summary(c));
    }
    return new ServerFrame.Conversations(ref, items, page.next());
  }

  static ServerFrame groupChanged(String ref, GroupChanged changed) {
    return new ServerFrame.GroupChanged(
        ref, changed.conv().value(), changed.seq(), changed.ts(), changed.duplicate());
  }

  static ServerFrame groupInfo(String ref, MemberPage page) {
    List<ServerFrame.GroupMember> members = new ArrayList<>(page.members().size());
    for (MemberPage.ListedMember m : page.members()) {
      members.add(
          new ServerFrame.GroupMember(
              m.user(), m.handle(), m.role().name().toLowerCase(Locale.ROOT), m.since()));
    }
    return new ServerFrame.GroupInfo(
        ref, page.conv().value(), page.title(), page.size(), members, page.next());
  }

  static ServerFrame readBy(String ref, ReadByPage page) {
    List<Peer> users = new ArrayList<>(page.users().size());
    for (UserRef u : page.users()) {
      users.add(peer(u));
    }
    return new ServerFrame.ReadBy(
        ref, page.conv().value(), page.seq(), wireKind(page.kind()), users, page.next());
  }

  static ServerFrame users(String ref, List<UserRef> found) {
    List<Peer> users = new ArrayList<>(found.size());
    for (UserRef u : found) {
      users.add(peer(u));
    }
    return new ServerFrame.Users(ref, users);
  }

  /** The frame's {@code kind}, already checked to be "read" or "delivered" by the decoder. */
  static ReadByQuery.Kind readByKind(String wire) {
    return wire.equals("read") ? ReadByQuery.Kind.READ : ReadByQuery.Kind.DELIVERED;
  }

  private static String wireKind(ReadByQuery.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static ConversationSummary summary(ConversationOverview c) {
    ConversationOverview.GroupOverview g = c.group();
    return new ConversationSummary(
        c.conv().value(),
        c.peer() == null ? null : peer(c.peer()),
        PushFrames.message(c.last()),
        c.unread(),
        c.read(),
        c.delivered(),
        c.peerRead(),
        c.peerDelivered(),
        c.updatedAt(),
        g == null ? null : new ConversationSummary.Group(g.title(), g.size(), g.member()));
  }

  private static Peer peer(UserRef user) {
    return new Peer(user.userId(), user.handle());
  }
}
