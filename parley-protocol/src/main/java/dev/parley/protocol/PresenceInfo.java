package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user's presence: online while any device is connected; otherwise {@code lastSeen} is when the
 * last one left, or null when unknown or hidden by the user.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PresenceInfo(String userId, boolean online, Long lastSeen) {}
