package dev.parley.core.presence;

/**
 * A user's presence: online while any device is connected; otherwise {@code lastSeen} (epoch
 * millis) is when the last one left, or null when unknown or hidden by the user.
 */
public record PresenceStatus(String userId, boolean online, Long lastSeen) {}
