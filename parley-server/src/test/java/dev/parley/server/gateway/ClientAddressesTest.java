package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.gateway.http.ForwardedClient;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who the client is (the peer, or what a trusted proxy says), and how many connections one client
 * may hold.
 */
class ClientAddressesTest {
  private final GatewayFixtures fixtures = new GatewayFixtures();

  @Test
  void xForwardedForCountsOnlyFromATrustedProxy() throws Exception {
    TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "::1"));
    InetAddress proxy = ip("10.1.2.3");
    InetAddress stranger = ip("203.0.113.9");
    assertThat(proxies.clientOf(stranger, List.of("198.51.100.1"))).isEqualTo(stranger);
    assertThat(proxies.clientOf(proxy, List.of("198.51.100.1"))).isEqualTo(ip("198.51.100.1"));
    // The rightmost address that is not a proxy: what the client wrote itself is left of it.
    assertThat(proxies.clientOf(proxy, List.of("6.6.6.6, 198.51.100.1, 10.9.9.9")))
        .isEqualTo(ip("198.51.100.1"));
    assertThat(proxies.clientOf(ip("::1"), List.of("6.6.6.6", "[2001:db8::1]:443")))
        .isEqualTo(ip("2001:db8::1"));
    assertThat(proxies.clientOf(proxy, List.of("198.51.100.1:5678"))).isEqualTo(ip("198.51.100.1"));
    // Garbage (or a host name, never looked up) ends the walk at the last trusted hop.
    assertThat(proxies.clientOf(proxy, List.of("evil.example, 10.9.9.9")))
        .isEqualTo(ip("10.9.9.9"));
    assertThat(proxies.clientOf(proxy, List.of())).isEqualTo(proxy);
  }

  @Test
  void proxyListsAreCheckedAtStart() throws Exception {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.example")))
        .hasMessageContaining("--trusted-proxies");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")))
        .hasMessageContaining("prefix");
    assertThat(TrustedProxies.parse(List.of("192.168.0.0/16")).contains(ip("192.168.7.1")))
        .isTrue();
    assertThat(TrustedProxies.parse(List.of("192.168.0.0/17")).contains(ip("192.168.128.1")))
        .isFalse();
  }

  @Test
  void oneAddressHoldsAtMostItsCapAndAClosedConnectionFreesItsPlace() throws Exception {
    ConnectionsPerAddress perAddress = new ConnectionsPerAddress(2);
    InetAddress a = ip("198.51.100.1");
    EmbeddedChannel one = new EmbeddedChannel();
    EmbeddedChannel two = new EmbeddedChannel();
    assertThat(perAddress.admit(one, a)).isTrue();
    assertThat(perAddress.admit(two, a)).isTrue();
    assertThat(perAddress.admit(new EmbeddedChannel(), a)).isFalse();
    assertThat(perAddress.admit(new EmbeddedChannel(), ip("198.51.100.2"))).isTrue();
    assertThat(ClientAddress.of(one)).isEqualTo(a);

    one.close();

    assertThat(perAddress.count(a)).isEqualTo(1);
    assertThat(perAddress.admit(new EmbeddedChannel(), a)).isTrue();
    assertThat(new ConnectionsPerAddress(0).admit(new EmbeddedChannel(), a)).isTrue();
  }

  @Test
  void behindATrustedProxyTheForwardedClientIsCountedAndOverItsCapGets429() throws Exception {
    TrustedProxies proxies = TrustedProxies.parse(List.of("127.0.0.1"));
    ConnectionsPerAddress perAddress = new ConnectionsPerAddress(1);
    EmbeddedChannel first = proxied(proxies, perAddress);
    first.writeInbound(request("198.51.100.1"));
    assertThat((Object) first.readInbound()).isNotNull();
    assertThat(ClientAddress.of(first)).isEqualTo(ip("198.51.100.1"));
    assertThat(first.pipeline().get(ForwardedClient.class)).isNull();

    EmbeddedChannel second = proxied(proxies, perAddress);
    second.writeInbound(request("198.51.100.1"));
    assertThat((Object) second.readInbound()).isNull();
    assertThat(GatewayFixtures.outboundText(second)).startsWith("HTTP/1.1 429");
    assertThat(second.isActive()).isFalse();
    assertThat(fixtures.rejected("too_many_connections_per_address")).isEqualTo(1.0);

    // Another client through the same proxy is not affected.
    EmbeddedChannel third = proxied(proxies, perAddress);
    third.writeInbound(request("198.51.100.2"));
    assertThat((Object) third.readInbound()).isNotNull();
  }

  private EmbeddedChannel proxied(TrustedProxies proxies, ConnectionsPerAddress perAddress)
      throws Exception {
    return new EmbeddedChannel(
        new HttpServerCodec(),
        new ForwardedClient(ip("127.0.0.1"), proxies, perAddress, fixtures.metrics),
        new HttpObjectAggregator(1024));
  }

  private static Object request(String forwardedFor) {
    return Unpooled.copiedBuffer(
        "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: " + forwardedFor + "\r\n\r\n",
        StandardCharsets.US_ASCII);
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }
}
