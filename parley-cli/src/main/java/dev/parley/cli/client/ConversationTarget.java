package dev.parley.cli.client;

import dev.parley.client.Conversation;
import dev.parley.client.OpenedConversation;
import dev.parley.client.ParleyClient;
import dev.parley.client.UserRef;
import dev.parley.client.group.Group;
import dev.parley.client.request.ParleyRequestException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the {@code HANDLE|CONV} argument of {@code send}, {@code history} and {@code chat} names:
 * the 1:1 conversation with a user ({@code peer} set), or a group ({@code title} set).
 *
 * <p>A group id ({@code g.} and 26 characters of {@code a-z2-7}, as the protocol defines them) is a
 * group; anything else is a handle. A handle is never mistaken for a group only because it could
 * have the same shape: {@code @handle} always means the user.
 */
record ConversationTarget(String conv, UserRef peer, String title) {
  private static final Pattern GROUP_ID = Pattern.compile("g\\.[a-z2-7]{26}");

  boolean isGroup() {
    return peer == null;
  }

  /** How the conversation is named in messages to the user: a handle, or a quoted title. */
  String name() {
    return isGroup() ? "\"" + title + "\"" : peer.handle();
  }

  static boolean isGroupId(String argument) {
    return GROUP_ID.matcher(argument).matches();
  }

  /**
   * Resolves {@code argument}. A group's title comes from {@code group_info} (current members),
   * else, for a group the user has left, from what the device or the conversation list knows.
   */
  static ConversationTarget resolve(ParleyClient client, String argument, int timeoutSeconds)
      throws Exception {
    if (!isGroupId(argument)) {
      String handle = argument.startsWith("@") ? argument.substring(1) : argument;
      OpenedConversation opened = ClientCommands.open(client, handle, timeoutSeconds);
      return new ConversationTarget(opened.conv(), opened.peer(), null);
    }
    try {
      String title =
          ClientCommands.await(client.groupInfo(argument, null, 1), timeoutSeconds).title();
      return new ConversationTarget(argument, null, title);
    } catch (ParleyRequestException notMember) {
      if (!"forbidden".equals(notMember.code())) {
        throw notMember;
      }
      Optional<String> title = client.group(argument).map(Group::title);
      if (title.isEmpty()) {
        Conversation row = ClientCommands.summary(client, argument, timeoutSeconds);
        title = Optional.ofNullable(row == null ? null : row.group()).map(g -> g.title());
      }
      return new ConversationTarget(argument, null, title.orElseThrow(() -> notMember));
    }
  }
}
