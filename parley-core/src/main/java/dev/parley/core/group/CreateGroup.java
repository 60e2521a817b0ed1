package dev.parley.core.group;

import java.util.List;
import java.util.UUID;

/**
 * Creates a group titled {@code title} with the users of {@code memberHandles} and the caller as
 * its admin; {@code id} is the caller's idempotency key: a retry names the same group.
 */
public record CreateGroup(UUID id, String title, List<String> memberHandles) {
  public CreateGroup {
    memberHandles = List.copyOf(memberHandles);
  }
}
