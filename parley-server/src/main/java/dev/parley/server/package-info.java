/**
 * The Parley server: {@link dev.parley.server.ParleyServer} wires the store, the messaging core and
 * the Netty gateway ({@code gateway.http} for the HTTP API and web client, {@code
 * gateway.websocket} for device sessions) from a {@link dev.parley.server.config.ServerConfig}.
 */
package dev.parley.server;
