package dev.parley.core.push;

/**
 * Where to wake one device: the push key its platform gave it (an FCM or APNs token, opaque here)
 * and the name of one of the gateways the operator configured, which knows what to do with the key.
 */
public record PushTarget(
    String userId, String deviceId, String gateway, String key, long registeredAt) {}
