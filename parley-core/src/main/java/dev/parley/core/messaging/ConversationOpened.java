package dev.parley.core.messaging;

import dev.parley.core.account.UserRef;
import dev.parley.core.conversation.ConversationId;

/** The 1:1 conversation between the caller and {@code peer}; opening one stores nothing. */
public record ConversationOpened(ConversationId conv, UserRef peer) {}
