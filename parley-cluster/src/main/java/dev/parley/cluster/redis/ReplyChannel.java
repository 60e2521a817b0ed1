package dev.parley.cluster.redis;

import dev.parley.cluster.SequencerReply;
import java.util.function.Consumer;

/**
 * The Kafka log's replies between nodes: a sequencer's answer to an append goes to the node whose
 * client is waiting for it, as a {@link BusMessage.Reply} on that node's channel, and the replies
 * arriving on this node's channel go to {@code arrivals} (the log's pending appends).
 *
 * <p>At most once, like every push: a reply lost on the way makes the append time out as retryable,
 * and the client's retry with the same id is answered with the original result.
 */
public final class ReplyChannel {
  private final PushBus bus;

  /** Registers with {@code bus} for replies; {@code arrivals} runs on Lettuce's event loop. */
  public ReplyChannel(PushBus bus, Consumer<SequencerReply> arrivals) {
    this.bus = bus;
    bus.receive(BusMessage.Reply.class, message -> arrivals.accept(message.reply()));
  }

  /** Sends {@code reply} to {@code node}; never blocks. */
  public void send(String node, SequencerReply reply) {
    bus.publishToNode(node, new BusMessage.Reply(reply));
  }
}
