/**
 * A device's session as the core sees it: {@link
 * dev.parley.server.gateway.session.DeviceConnection} takes one authenticated device's frames from
 * the WebSocket transport, turns each into a core command or query for {@code MessagingService},
 * {@code GroupService} or {@code PresenceService}, draws on the device's rate limits and bounds its
 * reads waiting, and answers with the result as a reply frame ({@link
 * dev.parley.server.gateway.session.ReplyFrames}) or a refusal as an {@code error} frame. The
 * protocol's request and reply frames stop here; the core has its own records.
 */
package dev.parley.server.gateway.session;
