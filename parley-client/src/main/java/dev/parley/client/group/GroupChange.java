package dev.parley.client.group;

/**
 * A group request took effect: it is event {@code seq} of group {@code conv}.
 *
 * @param conv the group (for a creation, the new group's id)
 * @param seq the change's place in the group's sequence (1 for a creation)
 * @param ts when the server stored it, ms since the epoch
 * @param duplicate true when a retried creation found its group already made (the same group is
 *     returned, nothing new was stored)
 */
public record GroupChange(String conv, long seq, long ts, boolean duplicate) {}
