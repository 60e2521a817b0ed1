package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One event of a user's feed: a message in one of their conversations, or a receipt position
 * advance.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FeedEvent.Message.class, name = "message"),
  @JsonSubTypes.Type(value = FeedEvent.Receipt.class, name = "receipt"),
})
public sealed interface FeedEvent {

  String conv();

  /** A stored message: {@code from}/{@code device} sent it with idempotency key {@code id}. */
  record Message(String conv, long seq, String id, String from, String device, long ts, String body)
      implements FeedEvent {}

  /** {@code user}'s delivered and read positions in {@code conv} are now these. */
  record Receipt(String conv, String user, long delivered, long read) implements FeedEvent {}
}
