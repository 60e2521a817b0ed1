package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.FeedEvent;
import dev.parley.protocol.ServerFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server goes away; what the user writes meanwhile waits in the IndexedDB outbox, survives a
 * page reload (the service worker serves the app), and is sent once, in order, when the server is
 * back.
 */
class OfflineOutboxTest extends WebClientTest {

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

      server.begin();
      await().until(() -> alicePage.messages().stream().allMatch(m -> m.seq() != null));
      assertThat(alicePage.messages())
          .extracting(ShownMessage::seq)
          .containsExactly(1L, 2L, 3L, 4L);
      assertThat(alicePage.offlineBannerShown()).isFalse();

      bobPage.openConversation(alice);
      await().until(() -> bobPage.bodies().size() == 4);
      assertThat(bobPage.bodies()).containsExactly("before the outage", "one", "two", "three");

      // The server itself holds each message once: a resend after the reconnect reused the same id.
      try (TestSocket bobSocket = TestSocket.connect(server, bobDevice)) {
        String conv = bobSocket.opened(alice);
        ServerFrame.History history =
            (ServerFrame.History) bobSocket.request(new ClientFrame.History("h1", conv, null, 50));
        assertThat(history.messages())
            .extracting(FeedEvent.Message::body)
            .containsExactly("before the outage", "one", "two", "three");
      }
    }
  }
}
