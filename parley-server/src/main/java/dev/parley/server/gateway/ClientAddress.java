package dev.parley.server.gateway;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The address of the client behind a connection: the TCP peer, or the address a trusted proxy
 * reported for it ({@link TrustedProxies}). Use it, not {@code channel.remoteAddress()}, for
 * anything per client (throttling, logs): behind a proxy the peer is the proxy.
 */
public final class ClientAddress {
  private static final AttributeKey<InetAddress> KEY = AttributeKey.valueOf("parley.client");

  private ClientAddress() {}

  /** The client's address, or the TCP peer's when none was recorded; null if neither is known. */
  public static InetAddress of(Channel channel) {
    InetAddress recorded = channel.attr(KEY).get();
    if (recorded != null) {
      return recorded;
    }
    return channel.remoteAddress() instanceof InetSocketAddress peer ? peer.getAddress() : null;
  }

  static void set(Channel channel, InetAddress address) {
    channel.attr(KEY).set(address);
  }
}
