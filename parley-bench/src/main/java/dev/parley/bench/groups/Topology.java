package dev.parley.bench.groups;

import java.util.List;

/**
 * Who is online and in which group, and who sends: {@code devices} are the online member devices
 * (index = position), {@code outsideSender} a device that sends but is not one of them (null when
 * the senders are members), {@code senders} picks the sender of each message.
 */
record Topology(
    List<FanOutGroup> groups,
    List<GroupSession> devices,
    GroupSession outsideSender,
    SenderPicker senders,
    GroupSession.Counters counters) {

  /** The sending device of message {@code k} in group {@code group}. */
  @FunctionalInterface
  interface SenderPicker {
    /** A device index, or {@link DeliveryLedger#OUTSIDE_SENDER}. */
    int pick(int group, int k);
  }

  GroupSession sender(int index) {
    return index == DeliveryLedger.OUTSIDE_SENDER ? outsideSender : devices.get(index);
  }

  void closeAll() {
    devices.forEach(GroupSession::close);
    if (outsideSender != null) {
      outsideSender.close();
    }
  }
}
