package dev.parley.core.log;

import java.util.concurrent.CompletableFuture;

/**
 * The ordered, durable log of conversation events: the seam between messaging and storage. The
 * embedded implementation is RocksDB with group commit; the cluster one is a Kafka topic
 * partitioned by conversation.
 *
 * <p>Contract (tested by {@code ConversationLogContract}):
 *
 * <ul>
 *   <li><b>Durable before acknowledged.</b> A returned future completes only once the event
 *       survives a crash of the process; then, and only then, the event is handed to the {@link
 *       CommitListener}.
 *   <li><b>Ordered.</b> Within a conversation, sequence numbers are strictly increasing in append
 *       order, and committed events reach the listener in sequence order. Feed positions ({@link
 *       Committed#pos()}) are strictly increasing in the order the listener sees them.
 *   <li><b>Idempotent.</b> {@link #append} with a (conversation, sender, id) already appended —
 *       concurrently, later, or after a restart — completes with the original sequence and time,
 *       flagged duplicate, and appends nothing.
 *   <li><b>Forward-only receipts.</b> {@link #advance} never moves a position back; a report that
 *       moves nothing completes without an event. Reports of one member close together may share
 *       one event carrying the newest positions, placed after every message it covers; the final
 *       position always has its event.
 *   <li><b>Members exist.</b> The first append to a conversation checks that all its members exist,
 *       in append order (so a sender's later messages never overtake it); if one does not, the
 *       future fails with {@link UnknownMemberException} and nothing is stored.
 *   <li><b>Groups.</b> A {@link GroupCommand} takes the group's next seq like a message, as a
 *       system message whose audience is everyone the change concerns. Only current members may
 *       append to a group or advance receipts in it, judged by the single writer at the seq the
 *       message would take (a removal and a send race into one order); a refusal fails the future
 *       with {@link dev.parley.core.group.GroupException}; a receipt from a non-member fails with
 *       its {@code FORBIDDEN} (a log that checks ahead of the writer may still take one from a
 *       member removed moments ago, which the writer then ignores). Creating a group that exists
 *       with the same creator completes with its first seq, flagged duplicate.
 *   <li><b>Failure.</b> A future that fails with {@link LogUnavailableException} stored nothing for
 *       that call, or (when only the answer was late, as a partitioned log's may be) stored it
 *       once; either way the caller may retry with the same id and gets the original result if it
 *       was stored. After a storage write failure a sequence number may be skipped, never reused.
 * </ul>
 */
public interface ConversationLog extends AutoCloseable {

  CompletableFuture<AppendResult> append(NewMessage message);

  CompletableFuture<Void> advance(ReceiptUpdate update);

  /**
   * Validates and sequences a group membership change. A log without group support fails the future
   * with {@link UnsupportedOperationException}.
   */
  default CompletableFuture<GroupChangeResult> changeGroup(GroupCommand command) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("groups are not available in this mode yet"));
  }

  /** Sets the single listener for committed events; call before the first append. */
  void setListener(CommitListener listener);

  @Override
  void close();
}
