/**
 * The messaging use cases: {@link dev.parley.core.messaging.MessagingService} sends, records
 * receipts, opens 1:1 conversations and reads the conversation list and history. It takes the
 * core's own commands and queries ({@link dev.parley.core.messaging.SendMessage}, {@link
 * dev.parley.core.messaging.HistoryQuery}, …) and returns its own results ({@link
 * dev.parley.core.messaging.MessageSent}, {@link dev.parley.core.messaging.HistoryPage}, …); the
 * gateway converts wire frames to and from them. Authorisation happens here: a device reads and
 * writes only its own user's conversations. So do the rules of fairness: {@link
 * dev.parley.core.messaging.RateLimits} per frame kind, held per device across reconnects by {@link
 * dev.parley.core.messaging.DeviceRateLimiters}; the gateway draws on them for every frame.
 */
package dev.parley.core.messaging;
