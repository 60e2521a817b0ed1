/**
 * The Parley server: {@link dev.parley.server.ParleyServer} wires the store, the messaging core and
 * the Netty gateway ({@code gateway.http} for the HTTP API and web client, {@code
 * gateway.websocket} for the WebSocket transport, {@code gateway.session} for what a device's
 * frames mean to the core, {@code gateway.admin} for metrics on a separate listener) from a {@link
 * dev.parley.server.config.ServerConfig}, whose options (the gateway's defences against hostile
 * clients among them) are declared in {@link dev.parley.server.config.ServerOptions}.
 */
package dev.parley.server;
