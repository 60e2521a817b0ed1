package dev.parley.core.group;

import dev.parley.core.conversation.ConversationId;
import java.util.List;

/**
 * Group {@code conv}'s title, its number of current members and a page of them by user id; {@code
 * next} is the {@code after} of the following page, null on the last.
 */
public record MemberPage(
    ConversationId conv, String title, int size, List<ListedMember> members, String next) {
  public MemberPage {
    members = List.copyOf(members);
  }

  /** A current member: their handle, role and the seq of the change that last added them. */
  public record ListedMember(String user, String handle, GroupRole role, long since) {}
}
