package dev.parley.client;

/**
 * The 1:1 conversation with a user, resolved by handle with {@link ParleyClient#open}.
 *
 * @param conv the conversation id to send to
 * @param peer the other participant
 */
public record OpenedConversation(String conv, UserRef peer) {}
