package dev.parley.client.store;

/** Who this client is, from the server's {@code welcome}. */
public record Identity(String userId, String handle, String deviceId) {}
