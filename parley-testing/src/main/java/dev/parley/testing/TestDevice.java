package dev.parley.testing;

/** A logged-in device created by {@link TestServer#register} or {@link TestServer#login}. */
public record TestDevice(String userId, String handle, String deviceId, String token) {}
