package dev.parley.core.log;

/** Where a message landed; {@code duplicate} when the idempotency key had been appended before. */
public record AppendResult(long seq, long ts, boolean duplicate) {}
