package dev.parley.client;

/**
 * A user started or stopped typing in a conversation. The server expires a start that is not
 * refreshed, so an app shows "typing…" until {@code active} false arrives or a few seconds pass.
 *
 * @param conv the conversation
 * @param userId who is typing
 * @param active true when typing started, false when it stopped
 */
public record TypingIndicator(String conv, String userId, boolean active) {}
