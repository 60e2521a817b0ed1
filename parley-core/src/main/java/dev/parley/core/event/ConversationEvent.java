package dev.parley.core.event;

/**
 * Something that happened in a conversation and is kept in its members' feeds: a stored message (a
 * membership change is one too), a member's receipt position moving, or a group's ticks moving. The
 * core's own record of it: the stores persist it in their own encodings and the gateway turns it
 * into the {@code feed} frame's events.
 */
public sealed interface ConversationEvent permits StoredMessage, ReceiptMoved, GroupTicks {

  /** The conversation it happened in. */
  String conv();
}
