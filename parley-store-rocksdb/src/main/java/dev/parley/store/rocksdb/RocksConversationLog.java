package dev.parley.store.rocksdb;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.log.AppendResult;
import dev.parley.core.log.CommitListener;
import dev.parley.core.log.ConversationLog;
import dev.parley.core.log.GroupChangeResult;
import dev.parley.core.log.GroupCommand;
import dev.parley.core.log.NewMessage;
import dev.parley.core.log.ReceiptUpdate;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.WriteOptions;

/**
 * {@link ConversationLog} on RocksDB: conversations hashed over sequencer shards, one group
 * committer.
 */
final class RocksConversationLog implements ConversationLog {
  private final ConversationShard[] shards;
  private final GroupCommitter committer;

  RocksConversationLog(
      RocksStore store,
      WriteOptions writeOptions,
      long lastPos,
      RocksStoreOptions options,
      Clock clock) {
    committer =
        new GroupCommitter(
            store, writeOptions, lastPos, options.maxBatch(), options.maxBatch() * 4);
    shards = new ConversationShard[options.shardCount()];
    ActivityClock activity = new ActivityClock();
    for (int i = 0; i < shards.length; i++) {
      shards[i] =
          new ConversationShard(
              i,
              store,
              committer,
              clock,
              activity,
              options.shardQueue(),
              options.conversationCache(),
              options.groupLimits());
    }
  }

  @Override
  public CompletableFuture<AppendResult> append(NewMessage message) {
    return shardOf(message.conv()).append(message);
  }

  @Override
  public CompletableFuture<GroupChangeResult> changeGroup(GroupCommand command) {
    return shardOf(command.conv()).changeGroup(command);
  }

  @Override
  public CompletableFuture<Void> advance(ReceiptUpdate update) {
    return shardOf(update.conv()).advance(update);
  }

  @Override
  public void setListener(CommitListener listener) {
    committer.setListener(listener);
  }

  GroupCommitter committer() {
    return committer;
  }

  long committedPos() {
    return committer.committedPos();
  }

  boolean healthy() {
    return committer.healthy();
  }

  private ConversationShard shardOf(ConversationId conv) {
    return shards[Math.floorMod(conv.value().hashCode(), shards.length)];
  }

  @Override
  public void close() {
    for (ConversationShard shard : shards) {
      shard.close();
    }
    committer.close();
  }
}
