package dev.parley.server.gateway;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Open connections per client address, capped ({@code --max-connections-per-address}), so that one
 * host cannot hold every file descriptor of the server. Shared by all event loops; an address is
 * forgotten when its last connection closes, so the map holds only addresses with open connections.
 */
public final class ConnectionsPerAddress {
  private final int max;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /** {@code max} 0 means no cap (nothing is counted). */
  public ConnectionsPerAddress(int max) {
    this.max = max;
  }

  /**
   * Counts {@code channel} against {@code address} until it closes, and records {@code address} as
   * the channel's {@link ClientAddress}; false (and nothing counted) when the address is at its
   * cap.
   */
  public boolean admit(Channel channel, InetAddress address) {
    ClientAddress.set(channel, address);
    if (max == 0) {
      return true;
    }
    AtomicBoolean admitted = new AtomicBoolean();
    open.compute(
        address,
        (a, n) -> {
          int count = n == null ? 0 : n;
          if (count >= max) {
            return n;
          }
          admitted.set(true);
          return count + 1;
        });
    if (admitted.get()) {
      channel.closeFuture().addListener(f -> release(address));
    }
    return admitted.get();
  }

  /** Open connections counted against {@code address}. */
  public int count(InetAddress address) {
    return open.getOrDefault(address, 0);
  }

  private void release(InetAddress address) {
    open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }
}
