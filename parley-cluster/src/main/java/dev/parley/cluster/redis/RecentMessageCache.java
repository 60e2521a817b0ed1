package dev.parley.cluster.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.parley.cluster.EventJson;
import dev.parley.core.event.StoredMessage;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The newest messages of each conversation, so opening a chat or a short catch-up is served from
 * memory instead of the history store. A cache only: a Redis restart or eviction empties it, and
 * readers fall back to the store for what it lacks.
 *
 * <p>Key: {@code <prefix>recent:<conv>} sorted set: member the message as JSON, score its seq.
 * Re-adding a message (a replayed commit) is the same ZADD of the same member and score, so it
 * changes nothing. After each add the set is trimmed to the newest {@code capacity} messages
 * (ZREMRANGEBYRANK) and the key's TTL ({@code --recent-messages-ttl-ms}) re-armed, so idle
 * conversations leave memory. A sequencer transaction's adds leave in one write, on a connection
 * whose commands wait for a flush.
 */
public final class RecentMessageCache {
  private final RedisClusterAsyncCommands<String, String> redis;
  private final StatefulRedisConnection<String, String> writes;
  private final String prefix;
  private final int capacity;
  private final long ttlMillis;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  /**
   * Reads go on {@code redis}; adds on {@code writes}, with its automatic flush turned off (a
   * connection shared with the {@link PushBus}'s batches).
   */
  public RecentMessageCache(
      RedisClusterAsyncCommands<String, String> redis,
      StatefulRedisConnection<String, String> writes,
      String prefix,
      int capacity,
      Duration ttl) {
    this.redis = redis;
    writes.setAutoFlushCommands(false);
    this.writes = writes;
    this.prefix = prefix;
    this.capacity = capacity;
    this.ttlMillis = ttl.toMillis();
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(EventJson.module())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.writer = mapper.writerFor(StoredMessage.class);
    this.reader = mapper.readerFor(StoredMessage.class);
  }

  /**
   * Adds messages, grouped per conversation, pipelined; completes when every command has answered.
   */
  public CompletionStage<Void> add(List<StoredMessage> messages) {
    Map<String, List<ScoredValue<String>>> byConv = new LinkedHashMap<>();
    for (StoredMessage m : messages) {
      byConv
          .computeIfAbsent(m.conv(), c -> new ArrayList<>())
          .add(ScoredValue.just(m.seq(), encode(m)));
    }
    List<CompletableFuture<?>> replies = new ArrayList<>(byConv.size() * 3);
    var out = writes.async();
    byConv.forEach(
        (conv, values) -> {
          String key = key(conv);
          @SuppressWarnings("unchecked")
          ScoredValue<String>[] array = values.toArray(ScoredValue[]::new);
          replies.add(out.zadd(key, array).toCompletableFuture());
          replies.add(out.zremrangebyrank(key, 0, -(capacity + 1L)).toCompletableFuture());
          replies.add(out.pexpire(key, ttlMillis).toCompletableFuture());
        });
    writes.flushCommands();
    return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new));
  }

  /**
   * The cached messages of {@code conv} with {@code fromSeq <= seq <= toSeq}, ascending. Blocks:
   * called on a worker thread. Empty or partial when the cache holds less; the caller checks what
   * it got.
   */
  public List<StoredMessage> range(String conv, long fromSeq, long toSeq) {
    List<String> values =
        Await.result(redis.zrangebyscore(key(conv), Range.create(fromSeq, toSeq)));
    List<StoredMessage> out = new ArrayList<>(values.size());
    for (String json : values) {
      out.add(decode(json));
    }
    return out;
  }

  private String key(String conv) {
    return prefix + "recent:" + conv;
  }

  private String encode(StoredMessage m) {
    try {
      return writer.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private StoredMessage decode(String json) {
    try {
      return reader.readValue(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
