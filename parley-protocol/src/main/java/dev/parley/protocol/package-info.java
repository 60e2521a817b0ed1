/**
 * Parley's wire protocol, version 1: every frame a client and the server exchange over the
 * WebSocket, as records, and {@link dev.parley.protocol.FrameCodec}, the one JSON codec the server,
 * the SDK and the bench share. Start with {@link dev.parley.protocol.ClientFrame} and {@link
 * dev.parley.protocol.ServerFrame}; {@code docs/protocol.md} is the normative description.
 */
package dev.parley.protocol;
