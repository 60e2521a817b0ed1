package dev.parley.client;

import dev.parley.client.group.GroupChange;
import dev.parley.client.group.GroupInfoPage;
import dev.parley.client.group.ReadByPage;
import dev.parley.client.group.ReceiptKind;
import dev.parley.client.sync.WireModel;
import dev.parley.protocol.ClientFrame;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The group requests of {@link ParleyClient}, documented there: each becomes its frame on the
 * session, and the answer an SDK record.
 */
final class ClientGroups {
  private final SessionLoop session;

  ClientGroups(SessionLoop session) {
    this.session = session;
  }

  CompletableFuture<GroupChange> createGroup(String title, List<String> handles) {
    Objects.requireNonNull(title, "title");
    List<String> members = List.copyOf(handles);
    String key = UUID.randomUUID().toString();
    return session
        .request(ref -> new ClientFrame.CreateGroup(ref, key, title, members))
        .thenApply(WireModel::groupChange);
  }

  CompletableFuture<GroupChange> addMembers(String conv, String... handles) {
    List<String> users = List.of(handles);
    return session
        .requestOnce(ref -> new ClientFrame.GroupAdd(ref, conv, users))
        .thenApply(WireModel::groupChange);
  }

  CompletableFuture<GroupChange> removeMember(String conv, String userId) {
    return session
        .requestOnce(ref -> new ClientFrame.GroupRemove(ref, conv, userId))
        .thenApply(WireModel::groupChange);
  }

  CompletableFuture<GroupChange> leaveGroup(String conv) {
    return session
        .requestOnce(ref -> new ClientFrame.GroupLeave(ref, conv))
        .thenApply(WireModel::groupChange);
  }

  CompletableFuture<GroupChange> setAdmin(String conv, String userId, boolean admin) {
    return session
        .requestOnce(ref -> new ClientFrame.GroupAdmin(ref, conv, userId, admin))
        .thenApply(WireModel::groupChange);
  }

  CompletableFuture<GroupChange> renameGroup(String conv, String title) {
    return session
        .requestOnce(ref -> new ClientFrame.GroupRename(ref, conv, title))
        .thenApply(WireModel::groupChange);
  }

  CompletableFuture<GroupInfoPage> groupInfo(String conv, String after, int limit) {
    return session
        .request(ref -> new ClientFrame.GroupInfo(ref, conv, after, limit))
        .thenApply(WireModel::groupInfo);
  }

  CompletableFuture<ReadByPage> readBy(
      String conv, long seq, ReceiptKind kind, String after, int limit) {
    return session
        .request(ref -> new ClientFrame.ReadBy(ref, conv, seq, kind.wire(), after, limit))
        .thenApply(WireModel::readBy);
  }
}
