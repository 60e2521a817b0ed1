package dev.parley.client.sync;

import dev.parley.client.Conversation;
import dev.parley.client.ConversationPage;
import dev.parley.client.HistoryPage;
import dev.parley.client.Message;
import dev.parley.client.OpenedConversation;
import dev.parley.client.Presence;
import dev.parley.client.UserRef;
import dev.parley.client.group.GroupChange;
import dev.parley.client.group.GroupInfoPage;
import dev.parley.client.group.GroupMember;
import dev.parley.client.group.MembershipChange;
import dev.parley.client.group.ReadByPage;
import dev.parley.client.group.ReceiptKind;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.Peer;
import dev.parley.protocol.PresenceInfo;
import dev.parley.protocol.ServerFrame;
import java.util.List;

/**
 * The one place where wire frames become the SDK's model. The application sees only the records of
 * {@code dev.parley.client} and {@code dev.parley.client.group}, so a change of the protocol's
 * frames stops here; the session loop, the outbox and the feed applier speak frames up to this
 * point. Reply methods take the reply frame of the request they answer.
 */
public final class WireModel {
  private WireModel() {}

  /** A message of the feed, of a history page or of the conversation list. */
  public static Message message(FeedEvent.Message m) {
    return new Message(
        m.conv(),
        m.seq(),
        m.id(),
        m.from(),
        m.device(),
        m.ts(),
        m.body(),
        m.system() == null ? null : membershipChange(m));
  }

  private static MembershipChange membershipChange(FeedEvent.Message m) {
    FeedEvent.Membership system = m.system();
    return new MembershipChange(
        m.conv(),
        m.seq(),
        m.ts(),
        MembershipChange.Action.of(system.action()),
        system.actor(),
        system.users(),
        system.title(),
        system.promoted());
  }

  public static UserRef user(Peer peer) {
    return peer == null ? null : new UserRef(peer.userId(), peer.handle());
  }

  public static List<UserRef> users(List<Peer> peers) {
    return peers.stream().map(WireModel::user).toList();
  }

  public static List<Presence> presence(List<PresenceInfo> users) {
    return users.stream().map(p -> new Presence(p.userId(), p.online(), p.lastSeen())).toList();
  }

  public static Conversation conversation(ConversationSummary row) {
    ConversationSummary.Group group = row.group();
    return new Conversation(
        row.conv(),
        user(row.peer()),
        row.last() == null ? null : message(row.last()),
        row.unread(),
        row.read(),
        row.delivered(),
        row.peerRead(),
        row.peerDelivered(),
        row.updatedAt(),
        group == null
            ? null
            : new Conversation.GroupSummary(group.title(), group.size(), group.member()));
  }

  // ---- replies ----

  public static OpenedConversation opened(ServerFrame reply) {
    ServerFrame.Opened opened = (ServerFrame.Opened) reply;
    return new OpenedConversation(opened.conv(), user(opened.peer()));
  }

  public static ConversationPage conversations(ServerFrame reply) {
    ServerFrame.Conversations page = (ServerFrame.Conversations) reply;
    return new ConversationPage(
        page.items().stream().map(WireModel::conversation).toList(), page.next());
  }

  public static HistoryPage history(ServerFrame reply) {
    ServerFrame.History page = (ServerFrame.History) reply;
    return new HistoryPage(
        page.conv(), page.messages().stream().map(WireModel::message).toList(), page.next());
  }

  public static List<Presence> presence(ServerFrame reply) {
    return presence(((ServerFrame.Presence) reply).users());
  }

  public static GroupChange groupChange(ServerFrame reply) {
    ServerFrame.GroupChanged changed = (ServerFrame.GroupChanged) reply;
    return new GroupChange(changed.conv(), changed.seq(), changed.ts(), changed.duplicate());
  }

  public static GroupInfoPage groupInfo(ServerFrame reply) {
    ServerFrame.GroupInfo info = (ServerFrame.GroupInfo) reply;
    return new GroupInfoPage(
        info.conv(),
        info.title(),
        info.size(),
        info.members().stream()
            .map(m -> new GroupMember(m.user(), m.handle(), "admin".equals(m.role()), m.since()))
            .toList(),
        info.next());
  }

  public static ReadByPage readBy(ServerFrame reply) {
    ServerFrame.ReadBy readBy = (ServerFrame.ReadBy) reply;
    ReceiptKind kind =
        ReceiptKind.DELIVERED.wire().equals(readBy.kind())
            ? ReceiptKind.DELIVERED
            : ReceiptKind.READ;
    return new ReadByPage(readBy.conv(), readBy.seq(), kind, users(readBy.users()), readBy.next());
  }

  /** The users a {@code users} reply names: those of the ids asked that exist. */
  public static List<UserRef> userHandles(ServerFrame reply) {
    return users(((ServerFrame.Users) reply).users());
  }
}
