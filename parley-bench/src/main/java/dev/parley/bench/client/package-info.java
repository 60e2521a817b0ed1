/**
 * A lean Netty WebSocket client for load generation. Start with {@link
 * dev.parley.bench.client.WsClient}.
 */
package dev.parley.bench.client;
