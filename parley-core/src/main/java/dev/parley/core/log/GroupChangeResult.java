package dev.parley.core.log;

/**
 * Where a membership change landed in the group's sequence; {@code duplicate} for a retried
 * creation of a group that exists.
 */
public record GroupChangeResult(long seq, long ts, boolean duplicate) {}
