package dev.parley.bench.attack;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the attacker's sockets come from. Against a server on loopback the attacker binds to
 * 127.0.0.2, so the server sees it as another host than the victims (127.0.0.1), as it would on the
 * internet: otherwise the per-address connection cap would refuse the victims for the attacker's
 * sake, which measures the test's setup rather than the server.
 */
final class AttackerAddress {
  private static final String OTHER_LOOPBACK = "127.0.0.2";

  private AttackerAddress() {}

  /** The local address to bind before connecting to {@code serverHost}; null for the default. */
  static InetSocketAddress forServer(String serverHost) {
    try {
      if (InetAddress.getByName(serverHost).isLoopbackAddress()) {
        return new InetSocketAddress(InetAddress.getByName(OTHER_LOOPBACK), 0);
      }
      return null;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
