package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The server goes away; what the user writes meanwhile waits in the IndexedDB outbox, survives a
 * page reload (the service worker serves the app), and is sent once, in order, when the server is
 * back: over a hundred messages, sent with a window of them in flight (prints how long they took).
 */
class OfflineOutboxTest extends WebClientTest {

  private static final int MORE = 120;

  @Test
  void messagesWrittenOfflineSurviveAReloadAndArriveOnceInOrder() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's laptop");
    try (Browser aliceBrowser = Browser.desktop();
        Browser bobBrowser = Browser.desktop()) {
      ChatPage alicePage = signedUp(aliceBrowser, alice);
      ChatPage bobPage = ChatPage.open(bobBrowser, server.httpUri());
      bobPage.logIn(bob, PASSWORD);
      alicePage.startChat(bob);
      alicePage.send("before the outage");
      await().until(() -> alicePage.messages().stream().anyMatch(m -> m.seq() != null));
      alicePage.awaitOfflineReady();

      server.stop();
      await().until(alicePage::offlineBannerShown);
      alicePage.send("one");
      alicePage.send("two");
      alicePage.send("three");
      await().until(() -> alicePage.messages().size() == 4);
      alicePage.reload();

      await()
          .until(
              () -> alicePage.bodies().equals(List.of("before the outage", "one", "two", "three")));
      assertThat(alicePage.messages().subList(1, 4))
          .extracting(ShownMessage::status)
          .containsOnly("pending");
      assertThat(alicePage.offlineBannerShown()).isTrue();

      List<String> expected = new ArrayList<>(List.of("before the outage", "one", "two", "three"));
      for (int i = 1; i <= MORE; i++) {
        alicePage.send("more " + i);
        expected.add("more " + i);
      }
      await().until(() -> alicePage.messages().size() == expected.size());

      long start = System.nanoTime();
      server.begin();
      await().until(() -> alicePage.messages().stream().allMatch(m -> m.seq() != null));
      System.out.printf(
          "OfflineOutboxTest: %d messages written offline sent in %d ms after the server came back%n",
          expected.size() - 1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      assertThat(alicePage.messages())
          .extracting(ShownMessage::seq)
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, expected.size()).mapToObj(Long::valueOf).toList());
      assertThat(alicePage.bodies()).containsExactlyElementsOf(expected);
      assertThat(alicePage.offlineBannerShown()).isFalse();

      bobPage.openConversation(alice);
      await().until(() -> bobPage.bodies().contains("more " + MORE));

      // The server itself holds each message once, in the order written: a resend after the
      // reconnect reused the same id.
      try (TestSocket bobSocket = TestSocket.connect(server, bobDevice)) {
        String conv = bobSocket.opened(alice);
        ServerFrame.History history =
            (ServerFrame.History)
                bobSocket.request(new ClientFrame.History("h1", conv, null, expected.size() + 10));
        assertThat(history.messages())
            .extracting(FeedEvent.Message::body)
            .containsExactlyElementsOf(expected);
      }
    }
  }
}
