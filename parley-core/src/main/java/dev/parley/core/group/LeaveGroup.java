package dev.parley.core.group;

/** The caller leaves group {@code conv}. */
public record LeaveGroup(String conv) {}
