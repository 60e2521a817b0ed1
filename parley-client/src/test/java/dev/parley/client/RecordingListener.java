package dev.parley.client;

import dev.parley.client.group.GroupReceipt;
import dev.parley.client.group.MembershipChange;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records every event a client reports, for assertions in end-to-end tests. */
final class RecordingListener implements ParleyListener {
  final List<Message> messages = new CopyOnWriteArrayList<>();
  final List<StatusChange> changes = new CopyOnWriteArrayList<>();
  final Map<String, MessageStatus> latestStatus = new ConcurrentHashMap<>();
  final List<ReceiptPositions> positions = new CopyOnWriteArrayList<>();
  final List<ConnectionState> states = new CopyOnWriteArrayList<>();
  final List<StopReason> stops = new CopyOnWriteArrayList<>();
  final List<Presence> presence = new CopyOnWriteArrayList<>();
  final List<TypingIndicator> typing = new CopyOnWriteArrayList<>();
  final java.util.concurrent.atomic.AtomicInteger synced =
      new java.util.concurrent.atomic.AtomicInteger();
  final List<MembershipChange> membershipChanges = new CopyOnWriteArrayList<>();
  final List<GroupReceipt> groupReceipts = new CopyOnWriteArrayList<>();

  /** Messages and membership changes in the order they were reported. */
  final List<Object> timeline = new CopyOnWriteArrayList<>();

  @Override
  public void onMembershipChange(MembershipChange change) {
    membershipChanges.add(change);
    timeline.add(change);
  }

  @Override
  public void onGroupReceipt(GroupReceipt receipt) {
    groupReceipts.add(receipt);
  }

  @Override
  public void onPresence(List<Presence> users) {
    presence.addAll(users);
  }

  @Override
  public void onTyping(TypingIndicator t) {
    typing.add(t);
  }

  @Override
  public void onSynced(boolean reset) {
    synced.incrementAndGet();
  }

  @Override
  public void onMessage(Message message) {
    messages.add(message);
    timeline.add(message);
  }

  @Override
  public void onStatusChange(StatusChange change) {
    changes.add(change);
    latestStatus.put(change.id(), change.status());
  }

  @Override
  public void onReceiptPositions(ReceiptPositions p) {
    positions.add(p);
  }

  @Override
  public void onConnectionState(ConnectionState state) {
    states.add(state);
  }

  @Override
  public void onStopped(StopReason reason) {
    stops.add(reason);
  }

  /**
   * Waits until the client caught up with its feed once: from then on it sees every new message
   * live.
   */
  RecordingListener awaitSynced() {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> synced.get() > 0);
    return this;
  }

  List<String> bodies(String conv) {
    return messages.stream()
        .filter(m -> m.conv().equals(conv))
        .map(Message::body)
        .collect(Collectors.toList());
  }

  /** The membership changes reported in {@code conv}, in order. */
  List<MembershipChange> changesIn(String conv) {
    return membershipChanges.stream().filter(c -> c.conv().equals(conv)).toList();
  }

  long countWithStatus(MessageStatus status) {
    return latestStatus.values().stream().filter(s -> s == status).count();
  }

  long onlineCount() {
    return states.stream().filter(s -> s == ConnectionState.ONLINE).count();
  }
}
