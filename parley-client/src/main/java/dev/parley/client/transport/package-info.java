/**
 * Internal: the WebSocket session ({@link dev.parley.client.transport.WebSocketConnection}), the
 * reconnect {@link dev.parley.client.transport.Backoff} (exponential, full jitter) and the reaction
 * to each close code ({@link dev.parley.client.transport.CloseReaction}). Applications use {@link
 * dev.parley.client.ParleyClient}.
 */
package dev.parley.client.transport;
