package dev.parley.core.event;

/**
 * Every current member of group {@code conv} has received messages up to {@code delivered} and read
 * up to {@code read}: the double and blue ticks of the group's messages. Goes to the senders of the
 * messages it newly covers.
 */
public record GroupTicks(String conv, long delivered, long read) implements ConversationEvent {}
