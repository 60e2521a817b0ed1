package dev.parley.client.group;

import java.util.List;
import java.util.Locale;

/**
 * A group's membership or title changed. Each change is a message of the group (empty body, its
 * {@link dev.parley.client.Message#membershipChange} set) with its own seq, so every device of
 * every member sees it at the same point of the conversation.
 *
 * @param conv the group
 * @param seq the change's place in the group's sequence
 * @param ts when it happened, ms since the epoch
 * @param action what happened
 * @param actor the user id of who did it
 * @param users the user ids it is about (added, removed, promoted…; for {@link Action#LEFT}, the
 *     one who left; empty for a rename)
 * @param title the title after a creation or rename, else null
 * @param promoted the member who became admin because the last admin left, else null
 */
public record MembershipChange(
    String conv,
    long seq,
    long ts,
    Action action,
    String actor,
    List<String> users,
    String title,
    String promoted) {

  public MembershipChange {
    users = users == null ? List.of() : List.copyOf(users);
  }

  /** What a membership change did; {@link #OTHER} for an action a newer server added. */
  public enum Action {
    CREATED,
    ADDED,
    REMOVED,
    LEFT,
    PROMOTED,
    DEMOTED,
    RENAMED,
    OTHER;

    /** The action named {@code wire} in a {@code system} object. */
    public static Action of(String wire) {
      try {
        return wire == null ? OTHER : valueOf(wire.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        return OTHER;
      }
    }
  }
}
