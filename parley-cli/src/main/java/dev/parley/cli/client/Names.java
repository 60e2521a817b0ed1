package dev.parley.cli.client;

import dev.parley.client.Message;
import dev.parley.client.ParleyClient;
import dev.parley.client.group.MembershipChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Handles to print for user ids: the peer of a 1:1 chat, else what the SDK's store knows. In a
 * group, ids the store does not know (a member added a moment ago, or one who left or was removed
 * before this device saw them, whom no member page lists) are looked up with the SDK's {@code
 * users}, each once; an id that stays unknown (offline, say) prints as the start of the id.
 */
final class Names {
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
              lookUp(List.of(userId));
              return client.handle(userId);
            })
        .orElse("user " + userId.substring(0, Math.min(8, userId.length())));
  }

  /**
   * Looks up at once every unknown user these messages name (senders, and whom membership changes
   * are about), so that printing a page costs one request rather than one per line.
   */
  synchronized void learn(List<Message> messages) {
    Set<String> ids = new LinkedHashSet<>();
    for (Message m : messages) {
      ids.add(m.from());
      MembershipChange change = m.membershipChange();
      if (change != null) {
        ids.add(change.actor());
        ids.addAll(change.users());
        if (change.promoted() != null) {
          ids.add(change.promoted());
        }
      }
    }
    lookUp(new ArrayList<>(ids));
  }

  /** Asks the server for the handles of those of {@code userIds} not known nor asked before. */
  private void lookUp(List<String> userIds) {
    if (!target.isGroup()) {
      return;
    }
    List<String> unknown = new ArrayList<>();
    for (String userId : userIds) {
      if (client.handle(userId).isEmpty() && lookedUp.add(userId)) {
        unknown.add(userId);
      }
    }
    for (int from = 0; from < unknown.size(); from += ParleyClient.MAX_USER_LOOKUP) {
      List<String> batch =
          unknown.subList(from, Math.min(unknown.size(), from + ParleyClient.MAX_USER_LOOKUP));
      try {
        // The SDK's store keeps the handles found; of() reads them from there.
        ClientCommands.await(client.users(batch), timeoutSeconds);
      } catch (Exception notNow) {
        // Offline, or a server without the request: print what is known.
      }
    }
  }
}
