package dev.parley.core.group;

import java.util.List;

/**
 * One membership event, as it is stored in the conversation's sequence and shown to members ("alice
 * added bob"). {@code users} are whom it is about (empty for a rename); {@code title} is the title
 * after a creation or rename, null otherwise; {@code promoted} names a member made admin as a
 * consequence (the last admin left), or is null.
 */
public record MembershipChange(
    Action action, String actor, List<String> users, String title, String promoted) {

  public MembershipChange {
    users = List.copyOf(users);
  }

  /** The kinds of change, as they appear on the wire in lower case. */
  public enum Action {
    CREATED,
    ADDED,
    REMOVED,
    LEFT,
    PROMOTED,
    DEMOTED,
    RENAMED
  }
}
