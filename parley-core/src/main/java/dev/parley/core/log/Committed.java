package dev.parley.core.log;

import dev.parley.core.event.ConversationEvent;
import java.util.List;

/**
 * A durable event at feed position {@code pos}, for the feeds of {@code audience} (user ids).
 * {@code originDevice} already knows it (it sent the message or the receipt) and gets no live copy.
 */
public record Committed(
    long pos, ConversationEvent event, List<String> audience, String originDevice) {}
