package dev.parley.cli.client;

import dev.parley.client.MessageStatus;
import dev.parley.protocol.ConversationSummary;
import dev.parley.protocol.FeedEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How the terminal client prints a message: {@code 12:01 bob: hi}, with ticks after the user's own
 * messages: pending {@code …}, sent {@code ✓}, delivered {@code ✓✓}, read {@code ✓✓} in blue,
 * failed {@code ✗} in red.
 */
final class MessageLine {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
  private static final String BLUE = "\u001b[34m";
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";

  private MessageLine() {}

  static String format(
      FeedEvent.Message m,
      String myUserId,
      String peerHandle,
      MessageStatus status,
      boolean colour) {
    boolean mine = m.from().equals(myUserId);
    String who = mine ? "me" : peerHandle;
    String line = TIME.format(Instant.ofEpochMilli(m.ts())) + " " + who + ": " + m.body();
    return mine && status != null ? line + " " + tick(status, colour) : line;
  }

  /**
   * The ticks of this user's message at {@code seq}, from the peer positions in the conversation
   * list.
   */
  static MessageStatus statusFrom(long seq, ConversationSummary summary) {
    if (summary == null) {
      return MessageStatus.SENT;
    }
    if (summary.peerRead() >= seq) {
      return MessageStatus.READ;
    }
    return summary.peerDelivered() >= seq ? MessageStatus.DELIVERED : MessageStatus.SENT;
  }

  static String pending(String body, boolean colour) {
    return TIME.format(Instant.now()) + " me: " + body + " " + tick(MessageStatus.PENDING, colour);
  }

  static String tick(MessageStatus status, boolean colour) {
    return switch (status) {
      case PENDING -> "…";
      case SENT -> "✓";
      case DELIVERED -> "✓✓";
      case READ -> colour ? BLUE + "✓✓" + RESET : "✓✓ (read)";
      case FAILED -> colour ? RED + "✗" + RESET : "✗ (failed)";
    };
  }
}
