package dev.parley.server.gateway;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} is believed, and who the client behind one is. Anyone
 * can send that header, so it counts only when the TCP peer itself is a listed proxy; then the
 * client is the rightmost address in the header that is not a listed proxy (the leftmost entries
 * are the client's own claims). Addresses are parsed as literals, never looked up in DNS: this runs
 * on the event loop.
 */
public final class TrustedProxies {
  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** Parses {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}. */
  public static TrustedProxies parse(List<String> entries) {
    return new TrustedProxies(entries.stream().map(TrustedProxies::range).toList());
  }

  /** {@code entry} is an address or a range, as {@link #parse} takes them. */
  public static boolean isAddressOrRange(String entry) {
    try {
      range(entry);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Range range(String entry) {
    String e = entry.trim();
    int slash = e.indexOf('/');
    byte[] address = literal(slash < 0 ? e : e.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException(
          "--trusted-proxies takes IP addresses or ranges (10.0.0.0/8), not " + entry);
    }
    int bits = address.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(e.substring(slash + 1));
      } catch (NumberFormatException nfe) {
        bits = -1;
      }
      if (bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException("--trusted-proxies: bad prefix length in " + entry);
      }
    }
    return new Range(address, bits);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    for (Range r : ranges) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client of a request that came through {@code peer}: {@code peer} itself unless it is a
   * trusted proxy; otherwise the rightmost {@code X-Forwarded-For} entry that is not a trusted
   * proxy (or the leftmost entry when all are). An entry that is not an address stops the walk:
   * what is left of it cannot be trusted, so the last trusted hop's view wins.
   *
   * @param forwardedFor every {@code X-Forwarded-For} header value, in order
   */
  public InetAddress clientOf(InetAddress peer, List<String> forwardedFor) {
    if (!contains(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    InetAddress client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = hop(hops.get(i));
      if (hop == null) {
        return client;
      }
      client = hop;
      if (!contains(hop)) {
        return hop;
      }
    }
    return client;
  }

  /** {@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code [::1]:5678}, {@code ::1}; null otherwise. */
  private static InetAddress hop(String value) {
    String v = value;
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      v = end < 0 ? v : v.substring(1, end);
    } else if (v.indexOf(':') > 0 && v.indexOf(':') == v.lastIndexOf(':')) {
      v = v.substring(0, v.indexOf(':'));
    }
    byte[] bytes = literal(v);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] literal(String s) {
    return NetUtil.createByteArrayFromIpAddressString(s);
  }

  private record Range(byte[] network, int bits) {
    boolean contains(byte[] a) {
      if (a.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }
  }
}
