package dev.parley.cluster.kafka;

import dev.parley.cluster.cassandra.CassandraGroupStore;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.group.GroupException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a group receipt from a non-member before it is produced, as the embedded log does (a
 * receipt gets no reply from the sequencer, which would only ignore it). A confirmed membership is
 * remembered for {@link #REMEMBER} on this node, so a member reporting message after message costs
 * one Cassandra read a minute, not one per report; a member removed meanwhile may still be accepted
 * for that long, and the sequencer ignores what they report.
 */
final class MemberCheck {
  static final Duration REMEMBER = Duration.ofMinutes(1);
  private static final int MAX_REMEMBERED = 100_000;

  private final CassandraGroupStore groups;
  private final Map<String, Long> confirmedUntil = new ConcurrentHashMap<>();

  MemberCheck(CassandraGroupStore groups) {
    this.groups = groups;
  }

  /** Completes if {@code user} is a member of group {@code conv}; fails with FORBIDDEN if not. */
  CompletableFuture<Void> require(ConversationId conv, String user) {
    String key = conv.value() + '\u0000' + user;
    long now = System.nanoTime();
    Long until = confirmedUntil.get(key);
    if (until != null && until - now > 0) {
      return CompletableFuture.completedFuture(null);
    }
    return groups
        .isMember(conv, user)
        .toCompletableFuture()
        .thenApply(
            member -> {
              if (!member) {
                throw new GroupException(
                    GroupException.Reason.FORBIDDEN, "conversation '" + conv + "' is not yours");
              }
              if (confirmedUntil.size() >= MAX_REMEMBERED) {
                confirmedUntil.clear(); // crude bound: the next reports read again
              }
              confirmedUntil.put(key, now + REMEMBER.toNanos());
              return null;
            });
  }
}
