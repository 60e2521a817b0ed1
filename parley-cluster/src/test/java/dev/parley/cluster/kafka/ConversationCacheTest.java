package dev.parley.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.conversation.ConversationId;
import dev.parley.core.conversation.ConversationState;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConversationCacheTest {
  private static final ConversationId IN_1 = ConversationId.parse("d.aaaa.bbbb").orElseThrow();
  private static final ConversationId IN_2 = ConversationId.parse("d.aaaa.cccc").orElseThrow();
  private static final ConversationId ALSO_IN_1 = ConversationId.parse("d.bbbb.cccc").orElseThrow();

  private final ConversationCache cache = new ConversationCache(10);

  @Test
  void aPartitionThatMovesTakesItsConversationsAlongAndNoOthers() {
    cache.put(IN_1, entry(IN_1, 1));
    cache.put(IN_2, entry(IN_2, 2));
    cache.put(ALSO_IN_1, entry(ALSO_IN_1, 1));

    cache.forget(List.of(command(1), command(3)));

    assertThat(cache.get(IN_1)).isNull();
    assertThat(cache.get(ALSO_IN_1)).isNull();
    assertThat(cache.get(IN_2)).isNotNull();
  }

  @Test
  void aRebalanceThatMovesNothingKeepsEverything() {
    cache.put(IN_1, entry(IN_1, 1));

    cache.forget(List.of());

    assertThat(cache.get(IN_1)).isNotNull();
  }

  private static TopicPartition command(int partition) {
    return new TopicPartition("parley.commands", partition);
  }

  private static ConversationCache.Entry entry(ConversationId conv, int partition) {
    return new ConversationCache.Entry(ConversationState.empty(conv), -1, partition);
  }
}
