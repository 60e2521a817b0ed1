package dev.parley.core.presence;

import java.util.List;

/**
 * A best-effort event pushed to connected sessions and never stored: a presence change or a typing
 * indicator. A device that misses one asks again (presence) or does not care (typing).
 */
public sealed interface EphemeralEvent {

  /** These users' presence changed (or is introduced to a new peer). */
  record PresenceChanged(List<PresenceStatus> users) implements EphemeralEvent {
    public PresenceChanged {
      users = List.copyOf(users);
    }
  }

  /** {@code user} started ({@code active}) or stopped typing in {@code conv}. */
  record Typing(String conv, String user, boolean active) implements EphemeralEvent {}
}
