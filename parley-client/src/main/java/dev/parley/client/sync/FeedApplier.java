package dev.parley.client.sync;

import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.ReceiptPositions;
import dev.parley.client.StatusChange;
import dev.parley.client.group.GroupReceipt;
import dev.parley.client.store.Identity;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.Positions;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one {@code feed} frame to the local store, idempotently, and says what changed. Events
 * and the frame's cursor are committed in one transaction, so after a crash the store holds either
 * the whole frame and its cursor or neither, and the server resends the frame.
 *
 * <ul>
 *   <li>A message is keyed by conv + seq: one already stored is a redelivery and is not reported
 *       again.
 *   <li>A message from this very device is not reported as new; it confirms the outbox entry with
 *       that key (its {@code sent} reply may have been lost with a connection).
 *   <li>A receipt moves positions forward only; another user's advance turns this user's messages
 *       delivered or read.
 *   <li>Messages from other users are acknowledged with one {@code received} per conversation: the
 *       highest seq of the frame (not for a group this user is no longer in: the server refuses).
 *   <li>A group's system message (a membership change) is stored, applied to the group's local
 *       state in feed order and reported (as a membership change), also when this device made the
 *       change (the server sends it to the acting device too).
 *   <li>A {@code group_receipt} moves the group-wide positions forward only, and turns this user's
 *       messages in the group delivered or read.
 * </ul>
 */
public final class FeedApplier {
  private final LocalStore store;

  public FeedApplier(LocalStore store) {
    this.store = store;
  }

  /**
   * What a frame changed; the caller reports it after the commit. {@code newMessages} are in feed
   * order and include the groups' system messages newly applied (reported as membership changes).
   */
  public record Outcome(
      List<Message> newMessages,
      List<Message> ownDeviceMessages,
      List<StatusChange> statusChanges,
      List<ReceiptPositions> positions,
      List<GroupReceipt> groupReceipts,
      Map<String, Long> toAcknowledge) {}

  /** Applies {@code feed} as seen by {@code me} and stores its cursor. */
  public Outcome apply(ServerFrame.Feed feed, Identity me) {
    return store.transaction(
        () -> {
          Outcome outcome =
              new Outcome(
                  new ArrayList<>(),
                  new ArrayList<>(),
                  new ArrayList<>(),
                  new ArrayList<>(),
                  new ArrayList<>(),
                  new LinkedHashMap<>());
          for (FeedEvent event : feed.events()) {
            if (event instanceof FeedEvent.Message message) {
              applyMessage(WireModel.message(message), me, outcome);
            } else if (event instanceof FeedEvent.Receipt receipt) {
              applyReceipt(receipt, me, outcome);
            } else if (event instanceof FeedEvent.GroupReceipt receipt) {
              applyGroupReceipt(receipt, me, outcome);
            }
          }
          outcome.toAcknowledge().keySet().removeIf(conv -> !store.groups().isMember(conv));
          if (feed.cursor() != null) {
            store.setCursor(feed.cursor());
          }
          return outcome;
        });
  }

  private void applyMessage(Message message, Identity me, Outcome outcome) {
    if (message.isMembershipChange()) {
      applySystemMessage(message, me, outcome);
      return;
    }
    if (message.device().equals(me.deviceId())) {
      outcome.ownDeviceMessages().add(message);
      return;
    }
    if (store.insertMessage(message)) {
      outcome.newMessages().add(message);
    }
    if (!message.from().equals(me.userId())) {
      outcome.toAcknowledge().merge(message.conv(), message.seq(), Math::max);
    }
  }

  private void applySystemMessage(Message message, Identity me, Outcome outcome) {
    store.insertMessage(message);
    // Applied by seq, not by "newly inserted": a history page may have stored it first.
    if (store.groups().apply(message, me.userId())) {
      outcome.newMessages().add(message);
    }
    if (!message.from().equals(me.userId())) {
      outcome.toAcknowledge().merge(message.conv(), message.seq(), Math::max);
    }
  }

  private void applyGroupReceipt(FeedEvent.GroupReceipt receipt, Identity me, Outcome outcome) {
    Positions reported = new Positions(receipt.delivered(), receipt.read());
    Positions before = store.groups().advancePositions(receipt.conv(), reported);
    Positions after = before.max(reported);
    if (after.equals(before)) {
      return;
    }
    outcome.groupReceipts().add(new GroupReceipt(receipt.conv(), after.delivered(), after.read()));
    reportTicks(receipt.conv(), before, after, me, outcome);
  }

  private void applyReceipt(FeedEvent.Receipt receipt, Identity me, Outcome outcome) {
    Positions reported = new Positions(receipt.delivered(), receipt.read());
    Positions before = store.advancePositions(receipt.conv(), receipt.user(), reported);
    Positions after = before.max(reported);
    if (after.equals(before)) {
      return;
    }
    boolean self = receipt.user().equals(me.userId());
    outcome
        .positions()
        .add(
            new ReceiptPositions(
                receipt.conv(), receipt.user(), after.delivered(), after.read(), self));
    if (!self) {
      reportTicks(receipt.conv(), before, after, me, outcome);
    }
  }

  /** This user's messages whose status rose with another member's new positions. */
  private void reportTicks(
      String conv, Positions before, Positions after, Identity me, Outcome outcome) {
    long from = Math.min(before.delivered(), before.read());
    long to = Math.max(after.delivered(), after.read());
    for (Message mine : store.messagesOf(conv, me.userId(), from, to)) {
      MessageStatus was = statusAt(before, mine.seq());
      MessageStatus now = statusAt(after, mine.seq());
      if (now != was) {
        outcome.statusChanges().add(new StatusChange(mine.id(), conv, mine.seq(), now, null));
      }
    }
  }

  private static MessageStatus statusAt(Positions positions, long seq) {
    if (positions.read() >= seq) {
      return MessageStatus.READ;
    }
    return positions.delivered() >= seq ? MessageStatus.DELIVERED : MessageStatus.SENT;
  }
}
