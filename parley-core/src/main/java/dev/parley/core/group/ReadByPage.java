package dev.parley.core.group;

import dev.parley.core.account.UserRef;
import dev.parley.core.conversation.ConversationId;
import java.util.List;

/**
 * A page of the members who have read (or received) message {@code seq} of group {@code conv};
 * {@code next} is the {@code after} of the following page, null on the last.
 */
public record ReadByPage(
    ConversationId conv, long seq, ReadByQuery.Kind kind, List<UserRef> users, String next) {
  public ReadByPage {
    users = List.copyOf(users);
  }
}
