package dev.parley.client;

/**
 * A user's presence: online while any of their devices is connected.
 *
 * @param userId whose presence this is
 * @param online whether a device of theirs is connected
 * @param lastSeen when offline, when their last device left (ms since the epoch); null when unknown
 *     or hidden by the user
 */
public record Presence(String userId, boolean online, Long lastSeen) {}
