package dev.parley.core.messaging;

/**
 * Limits the messaging core enforces; the first three are announced to clients in {@code welcome}.
 *
 * @param maxFrameBytes largest frame answered normally
 * @param maxBodyBytes largest message body in UTF-8 bytes
 * @param syncBatch most events in one catch-up frame
 * @param catchUpBuffer live events held for a device while it catches up (see {@link
 *     dev.parley.core.feed.SessionFeed})
 */
public record MessagingLimits(
    int maxFrameBytes, int maxBodyBytes, int syncBatch, int catchUpBuffer) {}
