/**
 * The core's events: what the log commits, the stores persist and the routers push to device
 * sessions. {@link dev.parley.core.event.ConversationEvent} is the starting point. No wire type
 * appears here: the gateway converts these to frames (and the SDK from them), each store encodes
 * them its own way.
 */
package dev.parley.core.event;
