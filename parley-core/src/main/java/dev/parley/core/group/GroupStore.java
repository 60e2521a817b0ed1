package dev.parley.core.group;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ReceiptPosition;
import java.util.List;
import java.util.Optional;

/**
 * Read access to committed groups: what the single writer has stored. A group's writer is the
 * authority for changes; reads here serve authorization of reads (history, member lists), member
 * pages and "read by" lists, and may lag the writer by the commit in flight.
 *
 * <p>Contract (tested by {@code GroupStoreContract}): a group is visible once its creation is
 * committed; {@link #members} pages current members by user id, each once; {@link #groupsOf} lists
 * every group the user was ever a member of.
 */
public interface GroupStore {

  /** A store with no groups: for a mode that does not support them yet. */
  GroupStore NONE =
      new GroupStore() {
        @Override
        public boolean supported() {
          return false;
        }

        @Override
        public Optional<GroupHeader> header(ConversationId conv) {
          return Optional.empty();
        }

        @Override
        public Optional<GroupMember> member(ConversationId conv, String user) {
          return Optional.empty();
        }

        @Override
        public List<GroupMember> members(ConversationId conv, String afterUser, int limit) {
          return List.of();
        }

        @Override
        public ReceiptPosition position(ConversationId conv, String user) {
          return ReceiptPosition.NONE;
        }

        @Override
        public List<ConversationId> groupsOf(String user) {
          return List.of();
        }
      };

  /** False for a store of a mode without groups: group requests are then unsupported. */
  default boolean supported() {
    return true;
  }

  /** The group's title, size and group-wide receipt positions, if it exists. */
  Optional<GroupHeader> header(ConversationId conv);

  /** The user's membership of the group, current or past. */
  Optional<GroupMember> member(ConversationId conv, String user);

  /**
   * Up to {@code limit} current members with user id after {@code afterUser} (null: from the
   * start).
   */
  List<GroupMember> members(ConversationId conv, String afterUser, int limit);

  /** A member's receipt positions in the group. */
  ReceiptPosition position(ConversationId conv, String user);

  /** Every group the user is or was a member of. */
  List<ConversationId> groupsOf(String user);

  /**
   * A group's committed title and number of current members, and what every current member has
   * received and read.
   */
  record GroupHeader(String title, int size, long allDelivered, long allRead) {}
}
