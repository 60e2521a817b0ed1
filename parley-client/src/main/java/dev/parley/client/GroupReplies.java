package dev.parley.client;

import dev.parley.client.group.GroupChange;
import dev.parley.client.group.GroupInfoPage;
import dev.parley.client.group.GroupMember;
import dev.parley.client.group.ReadByPage;
import dev.parley.client.group.ReceiptKind;
import dev.parley.protocol.ServerFrame;

/** The SDK records a group request's reply frame becomes; the app never sees wire frames. */
final class GroupReplies {
  private GroupReplies() {}

  static GroupChange change(ServerFrame reply) {
    ServerFrame.GroupChanged changed = (ServerFrame.GroupChanged) reply;
    return new GroupChange(changed.conv(), changed.seq(), changed.ts(), changed.duplicate());
  }

  static GroupInfoPage info(ServerFrame reply) {
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

  static ReadByPage readBy(ServerFrame reply) {
    ServerFrame.ReadBy readBy = (ServerFrame.ReadBy) reply;
    ReceiptKind kind =
        ReceiptKind.DELIVERED.wire().equals(readBy.kind())
            ? ReceiptKind.DELIVERED
            : ReceiptKind.READ;
    return new ReadByPage(readBy.conv(), readBy.seq(), kind, readBy.users(), readBy.next());
  }
}
