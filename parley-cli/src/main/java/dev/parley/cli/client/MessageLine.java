package dev.parley.cli.client;

import dev.parley.client.Conversation;
import dev.parley.client.Message;
import dev.parley.client.MessageStatus;
import dev.parley.client.group.MembershipChange;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the terminal client prints a message: {@code 12:01 bob: hi}, with ticks after the user's own
 * messages: pending {@code …}, sent {@code ✓}, delivered {@code ✓✓}, read {@code ✓✓} in blue,
 * failed {@code ✗} in red. In a group the ticks are the group's: delivered once every member has
 * the message, read once every member read it. A group's membership changes print as a sentence.
 */
final class MessageLine {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
  private static final String BLUE = "\u001b[34m";
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";

  private MessageLine() {}

  /**
   * The line of message {@code m}: {@code 12:01 bob: hi}, {@code 12:02 me: hello ✓✓} with the ticks
   * of {@code status} after this user's own, or for a group's membership change {@code 12:03 alice
   * added bob}. {@code names} gives the handle of a user id.
   */
  static String format(
      Message m,
      String myUserId,
      Function<String, String> names,
      MessageStatus status,
      boolean colour) {
    String time = TIME.format(Instant.ofEpochMilli(m.ts())) + " ";
    if (m.isMembershipChange()) {
      return time + describe(m.membershipChange(), myUserId, names);
    }
    boolean mine = m.from().equals(myUserId);
    String who = mine ? "me" : names.apply(m.from());
    String line = time + who + ": " + m.body();
    return mine && status != null ? line + " " + tick(status, colour) : line;
  }

  /** A membership change in words: {@code alice added bob, carol}; this user is "you". */
  static String describe(MembershipChange change, String myUserId, Function<String, String> names) {
    Function<String, String> who = user -> user.equals(myUserId) ? "you" : names.apply(user);
    String actor = who.apply(change.actor());
    String users = change.users().stream().map(who).collect(Collectors.joining(", "));
    return switch (change.action()) {
      case CREATED ->
          actor
              + " created the group \""
              + change.title()
              + "\""
              + (users.isEmpty() ? "" : " with " + users);
      case ADDED -> actor + " added " + users;
      case REMOVED -> actor + " removed " + users;
      case LEFT ->
          actor
              + " left"
              + (change.promoted() == null
                  ? ""
                  : "; " + who.apply(change.promoted()) + " is now an admin");
      case PROMOTED -> actor + " made " + users + " an admin";
      case DEMOTED -> actor + " dismissed " + users + " as admin";
      case RENAMED -> actor + " renamed the group to \"" + change.title() + "\"";
      case OTHER -> actor + " changed the group";
    };
  }

  /**
   * The ticks of this user's message at {@code seq}, from the peer positions in the conversation
   * list (a group's row carries the group-wide positions there).
   */
  static MessageStatus statusFrom(long seq, Conversation summary) {
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
