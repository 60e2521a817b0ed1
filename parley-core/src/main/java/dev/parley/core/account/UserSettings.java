package dev.parley.core.account;

/**
 * A user's privacy settings. {@code hideLastSeen}: others see online/offline but never a last-seen
 * time.
 */
public record UserSettings(boolean hideLastSeen) {
  public static final UserSettings DEFAULTS = new UserSettings(false);
}
