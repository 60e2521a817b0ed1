package dev.parley.core.messaging;

/** Limits the messaging core enforces; announced to clients in {@code welcome}. */
public record MessagingLimits(int maxFrameBytes, int maxBodyBytes, int syncBatch) {
  public static final MessagingLimits DEFAULTS = new MessagingLimits(65_536, 16_384, 500);
}
