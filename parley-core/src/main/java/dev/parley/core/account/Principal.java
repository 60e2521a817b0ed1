package dev.parley.core.account;

/** The authenticated identity of a session: which user, on which device. */
public record Principal(String userId, String handle, String deviceId) {}
