package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One event of a user's feed: a message in one of their conversations, or a receipt position
 * advance.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FeedEvent.Message.class, name = "message"),
  @JsonSubTypes.Type(value = FeedEvent.Receipt.class, name = "receipt"),
  @JsonSubTypes.Type(value = FeedEvent.GroupReceipt.class, name = "group_receipt"),
})
public sealed interface FeedEvent {

  String conv();

  /**
   * A stored message: {@code from}/{@code device} sent it with idempotency key {@code id}. A
   * group's membership changes are messages too, with {@code system} set and an empty body: they
   * take a seq like any message, so every member's devices see the member list change at the same
   * point.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Message(
      String conv,
      long seq,
      String id,
      String from,
      String device,
      long ts,
      String body,
      Membership system)
      implements FeedEvent {
    public Message(
        String conv, long seq, String id, String from, String device, long ts, String body) {
      this(conv, seq, id, from, device, ts, body, null);
    }
  }

  /**
   * A membership change: {@code action} is created, added, removed, left, promoted, demoted or
   * renamed; {@code actor} did it; {@code users} are whom it is about; {@code title} is the title
   * after a creation or rename; {@code promoted} names a member who became admin because the last
   * admin left.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Membership(
      String action, String actor, List<String> users, String title, String promoted) {}

  /**
   * Every current member of group {@code conv} has received messages up to {@code delivered} and
   * read up to {@code read}: the ✓✓ and blue ticks of the group's messages. Sent to the senders of
   * the messages it newly covers.
   */
  record GroupReceipt(String conv, long delivered, long read) implements FeedEvent {}

  /** {@code user}'s delivered and read positions in {@code conv} are now these. */
  record Receipt(String conv, String user, long delivered, long read) implements FeedEvent {}
}
