/**
 * The messaging use cases behind the WebSocket frames: {@link
 * dev.parley.core.messaging.DeviceConnection} takes one authenticated device's frames and answers
 * them through {@link dev.parley.core.messaging.MessagingService} (send, receipts, open,
 * conversation list, history). Authorisation happens here: a device reads and writes only its own
 * user's conversations.
 */
package dev.parley.core.messaging;
