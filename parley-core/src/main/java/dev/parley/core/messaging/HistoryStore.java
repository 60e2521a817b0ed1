package dev.parley.core.messaging;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import dev.parley.core.event.StoredMessage;
import java.util.List;
import java.util.Optional;

/**
 * Read access to committed conversations and messages.
 *
 * <p>Contract (tested by {@code HistoryStoreContract}): reads see only committed data; paging
 * backwards by {@code beforeSeq} visits every message once; {@link #recent} orders conversations by
 * last activity, newest first, and its page tokens visit each conversation once while nothing
 * changes.
 */
public interface HistoryStore {

  /**
   * Up to {@code limit} messages with sequence below {@code beforeSeq}, the newest of those, oldest
   * first.
   */
  List<StoredMessage> messagesBefore(ConversationId conv, long beforeSeq, int limit);

  /** The committed state of a conversation, if it has any message. */
  Optional<ConversationState> conversation(ConversationId conv);

  /**
   * A page of the user's conversations by last activity; {@code pageToken} null for the first page.
   */
  RecentPage recent(String userId, String pageToken, int limit);

  /**
   * Messages in {@code conv} after {@code afterSeq} not sent by {@code userId}, counting at most
   * {@code cap}.
   */
  int countFromOthersAfter(ConversationId conv, String userId, long afterSeq, int cap);

  /** A page of conversation ids and the token for the next page (null at the end). */
  record RecentPage(List<ConversationId> conversations, String next) {}
}
