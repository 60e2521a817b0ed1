package dev.parley.core.log;

import dev.parley.core.conversation.ConversationId;
import java.util.List;

/**
 * A membership change of a group, to be validated and sequenced by the group's single writer
 * (against its roster as of that seq, so concurrent changes and sends resolve in one order). {@code
 * actor} is the user asking; users are ids, already resolved from handles.
 */
public sealed interface GroupCommand {
  ConversationId conv();

  String actor();

  String actorDevice();

  /** Creates the group; {@code conv} is derived from the actor and their idempotency key. */
  record Create(
      ConversationId conv, String actor, String actorDevice, String title, List<String> members)
      implements GroupCommand {
    public Create {
      members = List.copyOf(members);
    }
  }

  record Add(ConversationId conv, String actor, String actorDevice, List<String> users)
      implements GroupCommand {
    public Add {
      users = List.copyOf(users);
    }
  }

  record Remove(ConversationId conv, String actor, String actorDevice, String user)
      implements GroupCommand {}

  record Leave(ConversationId conv, String actor, String actorDevice) implements GroupCommand {}

  record SetAdmin(ConversationId conv, String actor, String actorDevice, String user, boolean admin)
      implements GroupCommand {}

  record Rename(ConversationId conv, String actor, String actorDevice, String title)
      implements GroupCommand {}
}
