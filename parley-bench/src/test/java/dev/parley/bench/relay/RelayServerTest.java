package dev.parley.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.bench.client.WsClient;
import dev.parley.bench.client.WsConnection;
import dev.parley.bench.client.WsListener;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RelayServerTest {

  /** Collects the text frames one socket receives. */
  static final class Inbox implements WsListener {
    final List<String> texts = new CopyOnWriteArrayList<>();

    @Override
    public void onText(WsConnection connection, String text) {
      texts.add(text);
    }
  }

  @Test
  void forwardsFramesBetweenPairedSocketsOnly() throws Exception {
    try (RelayServer relay = RelayServer.start(0, 1);
        WsClient client = new WsClient(1)) {
      String base = "ws://127.0.0.1:" + relay.port() + "/relay?pair=";
      Inbox a = new Inbox();
      Inbox b = new Inbox();
      Inbox otherPair = new Inbox();
      WsConnection ca =
          client.connect(URI.create(base + "1&side=a"), null, null, a).get(10, TimeUnit.SECONDS);
      WsConnection cb =
          client.connect(URI.create(base + "1&side=b"), null, null, b).get(10, TimeUnit.SECONDS);
      client
          .connect(URI.create(base + "2&side=b"), null, null, otherPair)
          .get(10, TimeUnit.SECONDS);

      await()
          .atMost(10, TimeUnit.SECONDS)
          .untilAsserted(
              () -> {
                ca.send("hello b");
                assertThat(b.texts).contains("hello b");
              });
      cb.send("hello a");

      await()
          .atMost(10, TimeUnit.SECONDS)
          .untilAsserted(() -> assertThat(a.texts).containsExactly("hello a"));
      assertThat(b.texts).allMatch("hello b"::equals);
      assertThat(otherPair.texts).isEmpty();
    }
  }
}
