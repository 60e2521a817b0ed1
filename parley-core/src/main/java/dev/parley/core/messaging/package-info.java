/**
 * The messaging use cases behind the WebSocket frames: {@link
 * dev.parley.core.messaging.DeviceConnection} takes one authenticated device's frames and answers
 * them through {@link dev.parley.core.messaging.MessagingService} (send, receipts, open,
 * conversation list, history). Authorisation happens here: a device reads and writes only its own
 * user's conversations. So does fairness: each frame kind draws on the device's token buckets
 * ({@link dev.parley.core.messaging.RateLimits}, kept across reconnects by {@link
 * dev.parley.core.messaging.DeviceRateLimiters}), and a connection has a bounded number of reads
 * waiting.
 */
package dev.parley.core.messaging;
