package dev.parley.core.account;

/** A new device and its bearer token, returned once. */
public record LoginResult(String userId, String handle, String deviceId, String token) {}
