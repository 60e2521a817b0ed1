package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.StoredMessage;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecentMessageCacheTest {
  private final RedisFixture redis = new RedisFixture();
  private final RecentMessageCache cache =
      new RecentMessageCache(
          redis.async(), redis.connection(), redis.prefix, 5, Duration.ofDays(7));

  @AfterEach
  void close() throws Exception {
    redis.close();
  }

  @Test
  void aReplayedAddChangesNothing() {
    List<StoredMessage> messages =
        List.of(message("d.a.b", 1), message("d.a.c", 1), message("d.a.b", 2));
    cache.add(messages).toCompletableFuture().join();
    cache.add(messages).toCompletableFuture().join();
    assertThat(cache.range("d.a.b", 1, 10))
        .containsExactly(message("d.a.b", 1), message("d.a.b", 2));
    assertThat(cache.range("d.a.c", 0, Long.MAX_VALUE)).containsExactly(message("d.a.c", 1));
  }

  @Test
  void keepsTheNewestMessagesAndReadsAnInclusiveRange() {
    cache
        .add(LongStream.rangeClosed(1, 8).mapToObj(seq -> message("d.a.b", seq)).toList())
        .toCompletableFuture()
        .join();
    cache.add(List.of(message("d.a.b", 9))).toCompletableFuture().join();
    assertThat(cache.range("d.a.b", 0, 100))
        .extracting(StoredMessage::seq)
        .containsExactly(5L, 6L, 7L, 8L, 9L);
    assertThat(cache.range("d.a.b", 6, 8))
        .extracting(StoredMessage::seq)
        .containsExactly(6L, 7L, 8L);
    assertThat(cache.range("d.x.y", 1, 5)).isEmpty();
  }

  private static StoredMessage message(String conv, long seq) {
    return new StoredMessage(conv, seq, "id-" + seq, "a", "dev-a", 1_000 + seq, "hello " + seq);
  }
}
