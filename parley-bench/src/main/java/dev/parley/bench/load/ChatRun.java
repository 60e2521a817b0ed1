package dev.parley.bench.load;

import dev.parley.protocol.FrameCodec;

/**
 * What all sessions of one run share: its options, metrics, codec, and whether senders may send.
 */
final class ChatRun {
  final ChatOptions options;
  final boolean relay;
  final ChatMetrics metrics = new ChatMetrics();
  final FrameCodec codec = new FrameCodec();
  volatile boolean sending;
  volatile boolean stopping;

  ChatRun(ChatOptions options, boolean relay) {
    this.options = options;
    this.relay = relay;
  }
}
