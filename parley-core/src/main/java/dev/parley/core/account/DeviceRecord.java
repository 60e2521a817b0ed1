package dev.parley.core.account;

/** A logged-in device of a user. */
public record DeviceRecord(String deviceId, String userId, String name, long createdAt) {}
