package dev.parley.cluster.redis;

import dev.parley.cluster.SequencerReply;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Kafka log's replies between nodes: a sequencer's answers to appends go to the nodes whose
 * clients are waiting for them, as one {@link BusMessage.Replies} per node and batch on that node's
 * channel, and the replies arriving on this node's channel go to {@code arrivals} (the log's
 * pending appends).
 *
 * <p>At most once, like every push: a reply lost on the way makes the append time out as retryable,
 * and the client's retry with the same id is answered with the original result.
 */
public final class ReplyChannel {
  private final PushBus bus;

  /** Registers with {@code bus} for replies; {@code arrivals} runs on Lettuce's event loop. */
  public ReplyChannel(PushBus bus, Consumer<SequencerReply> arrivals) {
    this.bus = bus;
    bus.receive(BusMessage.Replies.class, message -> message.replies().forEach(arrivals));
    // A node of the version before sends each reply alone (rolling upgrade).
    bus.receive(BusMessage.Reply.class, message -> arrivals.accept(message.reply()));
  }

  /**
   * Sends each node its replies, one message per node, all of them in one write to Redis; never
   * blocks.
   */
  public void send(Map<String, List<SequencerReply>> byNode) {
    PushBus.Batch out = bus.batch();
    byNode.forEach((node, replies) -> out.toNode(node, new BusMessage.Replies(replies)));
    out.send();
  }
}
