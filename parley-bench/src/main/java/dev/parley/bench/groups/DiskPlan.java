package dev.parley.bench.groups;

import java.util.List;

/**
 * {@code messages} messages of {@code bodyBytes} into a 1:1 conversation and into one group of each
 * size in {@code groupSizes} (members, the sender included), all sent by {@code <prefix>admin}.
 */
record DiskPlan(List<Integer> groupSizes, int messages, int bodyBytes, String prefix) {

  String adminHandle() {
    return prefix + "admin";
  }

  String peerHandle() {
    return prefix + "peer";
  }

  String memberHandle(int i) {
    return prefix + "m" + i;
  }
}
