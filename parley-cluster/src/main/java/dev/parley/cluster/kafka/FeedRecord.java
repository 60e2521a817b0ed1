package dev.parley.cluster.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.core.event.ConversationEvent;
import java.util.List;

/**
 * One event on the feed topic; {@code origin} is the device that caused it. A user's record is
 * keyed by the user. A group's record ({@code stream} = the group) is addressed to one partition
 * and stands for every member whose feed lives there: the feed writer stores it once in the group's
 * stream of that partition, and {@code members} are those members, for live delivery.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FeedRecord(ConversationEvent event, String origin, String stream, List<String> members) {
  FeedRecord(ConversationEvent event, String origin) {
    this(event, origin, null, null);
  }
}
