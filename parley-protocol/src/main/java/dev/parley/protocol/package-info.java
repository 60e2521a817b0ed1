/**
 * Parley's wire protocol, version 1: every frame a client and the server exchange over the
 * WebSocket, as records, and {@link dev.parley.protocol.FrameCodec}, the one JSON codec the server,
 * the SDK and the bench share. Start with {@link dev.parley.protocol.ClientFrame} and {@link
 * dev.parley.protocol.ServerFrame}; {@code docs/protocol.md} is the normative description.
 *
 * <p>Code that acts on every frame type dispatches through {@link
 * dev.parley.protocol.ClientFrame.Handler} or {@link dev.parley.protocol.ServerFrame.Handler}, so a
 * new frame type is a compile error wherever it is not handled. Code that waits for a few types and
 * ignores the rest (the bench's load sessions, the test socket) tests them with {@code instanceof}.
 */
package dev.parley.protocol;
