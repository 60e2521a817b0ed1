package dev.parley.bench.groups;

/**
 * A group as a fan-out run sees it: its conversation id and the indexes of its online member
 * devices, which must each get every message of the group (except their own).
 */
record FanOutGroup(String conv, int[] receivers) {}
