package dev.parley.core.push;

/**
 * One notification for one device, queued until its gateway accepts it.
 *
 * @param id unique per notification, sent to the gateway so it can drop a repeat (delivery is at
 *     least once)
 * @param kind a new message, or the conversation was read elsewhere (clear what was shown)
 * @param seq the newest message it covers (for a clear: the read position)
 * @param from the sender's user id (null for a clear)
 * @param fromHandle the sender's handle (null for a clear, or if unknown)
 * @param unread messages from others not yet read in {@code conv} by the device's user
 * @param body the newest message's text, only if the operator enabled previews; else null
 * @param createdAt when the first message it covers arrived: the age a give-up counts from
 * @param attempts deliveries tried so far
 * @param dueAt when to try next (coalescing and retries push it later)
 */
public record PushNotification(
    String id,
    Kind kind,
    PushTarget target,
    String conv,
    long seq,
    String from,
    String fromHandle,
    int unread,
    String body,
    long createdAt,
    int attempts,
    long dueAt) {

  /** What happened in the conversation. */
  public enum Kind {
    MESSAGE,
    CLEAR;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** This notification, also covering a newer message (same device, same conversation). */
  PushNotification coalesce(
      long newSeq, String newFrom, String newHandle, int newUnread, String b) {
    return new PushNotification(
        id, kind, target, conv, newSeq, newFrom, newHandle, newUnread, b, createdAt, attempts,
        dueAt);
  }

  /** This notification after a failed try, to be tried again at {@code next}. */
  PushNotification retryAt(long next) {
    return new PushNotification(
        id, kind, target, conv, seq, from, fromHandle, unread, body, createdAt, attempts + 1, next);
  }
}
