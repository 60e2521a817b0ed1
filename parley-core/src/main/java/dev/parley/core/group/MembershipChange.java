package dev.parley.core.group;

import java.util.List;
import java.util.Locale;

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
    RENAMED;

    /** The name in lower case, as the stores and the wire spell it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The action a {@link #label()} names. */
    public static Action ofLabel(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }
}
