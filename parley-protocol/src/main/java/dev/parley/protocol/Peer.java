package dev.parley.protocol;

/** The other participant of a 1:1 conversation. */
public record Peer(String userId, String handle) {}
