package dev.parley.server.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  @Test
  void sameOriginMeansTheHostAndPortTheBrowserSentTheRequestTo() {
    assertThat(OriginPolicy.sameOrigin("http://localhost:7070", "localhost:7070")).isTrue();
    assertThat(OriginPolicy.sameOrigin("http://localhost:7070", "LOCALHOST:7070")).isTrue();
    assertThat(OriginPolicy.sameOrigin("http://localhost:7071", "localhost:7070")).isFalse();
    assertThat(OriginPolicy.sameOrigin("http://evil.example:7070", "localhost:7070")).isFalse();
    // Behind a TLS proxy that forwards Host without a port.
    assertThat(OriginPolicy.sameOrigin("https://chat.example.com", "chat.example.com")).isTrue();
    assertThat(OriginPolicy.sameOrigin("https://chat.example.com:8443", "chat.example.com"))
        .isFalse();
    assertThat(OriginPolicy.sameOrigin("http://[::1]:7070", "[::1]:7070")).isTrue();
    assertThat(OriginPolicy.sameOrigin("null", "localhost:7070")).isFalse();
    assertThat(OriginPolicy.sameOrigin("http://localhost:7070", null)).isFalse();
  }
}
