package dev.parley.cli.client;

import dev.parley.client.ParleyClient;
import dev.parley.client.group.GroupInfoPage;
import java.util.HashSet;
import java.util.Set;

/**
 * Handles to print for user ids: the peer of a 1:1 chat, else what the SDK's store knows. In a
 * group, an id the store does not know yet (a member added a moment ago) is looked up once in the
 * group's member pages; one still unknown (a member removed before this device ever saw them)
 * prints as the start of its id.
 */
final class Names {
  private static final int PAGE = 500;

  private final ParleyClient client;
  private final ConversationTarget target;
  private final int timeoutSeconds;
  private final Set<String> lookedUp = new HashSet<>();

  Names(ParleyClient client, ConversationTarget target, int timeoutSeconds) {
    this.client = client;
    this.target = target;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** The handle of {@code userId}. Blocks on the server for an unknown group member. */
  synchronized String of(String userId) {
    if (!target.isGroup() && target.peer().userId().equals(userId)) {
      return target.peer().handle();
    }
    return client
        .handle(userId)
        .or(
            () -> {
              if (target.isGroup() && lookedUp.add(userId)) {
                refreshMembers();
              }
              return client.handle(userId);
            })
        .orElse("user " + userId.substring(0, Math.min(8, userId.length())));
  }

  /** Reads every member page, which the SDK keeps (handles included). */
  private void refreshMembers() {
    try {
      String after = null;
      do {
        GroupInfoPage page =
            ClientCommands.await(client.groupInfo(target.conv(), after, PAGE), timeoutSeconds);
        after = page.next();
      } while (after != null);
    } catch (Exception notNow) {
      // No longer a member, or offline: print what is known.
    }
  }
}
