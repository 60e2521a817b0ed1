/**
 * Cluster mode's conversation log on Kafka: {@link dev.parley.cluster.kafka.KafkaConversationLog}
 * is the seam's implementation; every node runs one, with a {@code Sequencer} and a {@code
 * FeedWriter}, and Kafka's consumer groups spread the partitions over the live nodes.
 *
 * <h2>Topics</h2>
 *
 * Both are created by {@link dev.parley.cluster.kafka.ClusterTopics} if missing, named after the
 * cluster ({@code <name>} below; {@link dev.parley.cluster.kafka.KafkaSettings#prefix} is {@code
 * <name>.}), with the partition counts and replication factor every node is configured with, and
 * the topic configs {@code message.timestamp.type=LogAppendTime} (the broker stamps each record, so
 * a command replayed after a crash gets the time it got the first time) and {@code
 * min.insync.replicas = min(2, replication)}. The partition counts must never change: a key must
 * always land in the same partition, whose offsets order and fence its writes.
 *
 * <pre>
 * topic            key (UTF-8)             value (JSON, unknown fields ignored)          written by
 * &lt;name&gt;.commands  conversation id         a Command: {"t":"send",...},               every node's gateway producer
 *                                          {"t":"receipt",...} or {"t":"group",...}
 * &lt;name&gt;.feed      user id, or group id    a FeedRecord: {"event":{...},"origin":...} the partition owner's sequencer
 *                   (group records)        (+ "stream":group,"members":[...] for a group's record)
 * </pre>
 *
 * Both topics use Kafka's default partitioner (murmur2 of the key modulo the partition count): one
 * partition holds all of a conversation's commands, and all of a user's feed. A group's record is
 * the exception: the sequencer addresses it to an explicit partition (the one holding the feeds of
 * the members it stands for, computed with the same murmur2 by {@code cluster.FeedPartitions}), so
 * the sequencer checks at start that the feed topic has the configured partition count.
 *
 * <p>Values, as {@code KafkaJson} writes them:
 *
 * <pre>
 * {"t":"send","conv":c,"sender":userId,"device":deviceId,"id":uuid,"body":text,"node":nodeId,"request":requestId}
 * {"t":"receipt","conv":c,"user":userId,"device":deviceId,"delivered":seq,"read":seq,"node":nodeId,"request":null}
 * {"event":{"kind":"message","conv":c,"seq":n,"id":uuid,"from":userId,"device":deviceId,"ts":ms,"body":text},"origin":deviceId}
 * {"event":{"kind":"receipt","conv":c,"user":userId,"delivered":seq,"read":seq},"origin":deviceId}
 * {"t":"group","conv":g,"op":"create|add|remove|leave|admin|rename","actor":userId,"device":deviceId,
 *  "title":text?,"users":[userId...],"admin":bool,"node":nodeId,"request":requestId}
 * {"event":{"kind":"message","conv":g,...,"system":{...}?},"origin":deviceId,"stream":g,"members":[userId...]}
 * </pre>
 *
 * <p><b>Groups.</b> A group's commands (its membership changes, messages and receipts) are keyed by
 * the group like any conversation's, so its partition's sequencer is its single writer: it keeps
 * the group's roster and receipts ({@code SequencedGroup}, the core's {@code GroupRoster} and
 * {@code GroupReceipts}) and judges a change at the seq it takes ({@code GroupApplier}). A change
 * is stored as a system message with an idempotency key whose id is derived from the command's
 * offset, so a replay finds it like a replayed send. A group event yields one feed record per feed
 * partition that has members, not one per member; a member's own receipt goes to their own feed, a
 * group-wide receipt to the senders of the messages it newly covers.
 *
 * <p>{@code node} and {@code request} of a send say where the sequencer's {@link
 * dev.parley.cluster.SequencerReply} goes: to {@link dev.parley.cluster.kafka.PendingAppends}
 * directly when the sequencer runs on that node, else over Redis ({@code redis.ReplyChannel}). A
 * feed record's {@code origin} is the device whose command caused it (it gets no live copy; null
 * when nobody is skipped). One message of a 1:1 conversation yields one feed record per member.
 *
 * <p><b>Receipts.</b> A device's {@code received} and {@code read} reports are merged twice before
 * they become feed records. On the gateway ({@code ReceiptCoalescer}) at most one receipt command
 * per (conversation, user, device) is in flight to Kafka: a report at idle waits 5 ms for those
 * right behind it (an idle {@code received}+{@code read} pair is one command), the reports that
 * arrive before Kafka acknowledges it become one pending command carrying their largest positions
 * (a burst of reports within one acknowledgement is at most two commands), and each report
 * completes when the command carrying it is acknowledged. In the sequencer's batch ({@code
 * BatchOutput.supersede}) a member's receipts in one conversation yield one event with the final
 * position, placed where the last of them was, so it never precedes a message it covers; it goes to
 * every member of a 1:1 conversation, or to the member's own feed in a group, where a sender's
 * {@code group_receipt} is merged the same way. If the merged reports came from different devices
 * the event's {@code origin} is null, so each device sees the others'. A receipt is applied inside
 * the batch's transaction like any command, never in one of its own.
 *
 * <h2>Producers</h2>
 *
 * <ul>
 *   <li>Gateway (one per node, client id {@code <name>.gateway-<nodeId>}): commands, idempotent
 *       ({@code enable.idempotence}, {@code acks=all}), so a retried produce is written once and
 *       never reordered behind a later one; a produce not acknowledged within the reply timeout
 *       fails the append as retryable. Receipts go through the coalescer above.
 *   <li>Sequencer (transactional id {@code <name>.sequencer-<nodeId>}): feed records and the
 *       consumed command offsets, in one transaction per poll.
 * </ul>
 *
 * <h2>Consumer groups</h2>
 *
 * <ul>
 *   <li>{@code <name>.sequencer} reads {@code <name>.commands}: the partition's single writer. Per
 *       poll: load the conversations' state, apply the commands in offset order ({@code
 *       CommandApplier}), write messages, idempotency keys and state to Cassandra, reply to the
 *       waiting nodes, then in one Kafka transaction publish the feed records and commit the
 *       offsets ({@code sendOffsetsToTransaction} with the group's metadata). The transaction may
 *       stay open for the batches of the next few milliseconds ({@code TransactionWindow}).
 *   <li>{@code <name>.feed-writer} reads {@code <name>.feed}: appends each record to its user's
 *       feed in Cassandra at position offset + 1 (it only grows within a user's feed, with gaps
 *       where other users share the partition), or a group's record once to the group's stream of
 *       that partition, then the partition's watermark, hands the batch to the router, then commits
 *       the offsets (asynchronously; a crash before the commit rewrites the same rows at the same
 *       positions and pushes them again, which devices drop).
 * </ul>
 *
 * Both read with {@code isolation.level=read_committed}, commit offsets themselves (never
 * automatically) and start a new group from the earliest offset. After a failed batch a consumer
 * undoes what it must and rewinds to its committed offsets ({@code PollLoop}).
 *
 * <h2>Transactions and fencing</h2>
 *
 * A sequencer that lost its partitions in a rebalance can no longer commit its transaction (the
 * offsets are committed with the group's generation, KIP-447), so its feed records are never
 * visible to the read_committed feed writer and its offsets never move; a newer producer with the
 * same transactional id (the node restarted) fences the older one, which then starts over with a
 * new producer. Its Cassandra writes may land, but they are what the new owner computes as well
 * ({@code CommandApplier} is deterministic given the state and the commands), and every row is
 * written with the command's offset + 1 as Cassandra write time, so an older write never overwrites
 * a newer one (see {@code cassandra.SequencerTables}). An open transaction of a crashed node holds
 * back the feed writer of the partitions it wrote to until the transaction times out (5 s).
 */
package dev.parley.cluster.kafka;
