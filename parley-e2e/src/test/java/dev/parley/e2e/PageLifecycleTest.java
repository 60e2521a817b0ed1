package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

/**
 * Leaving the page (it may stay, frozen, in the back-forward cache) closes its connection: the peer
 * sees the user go offline and messages wait at one tick; coming back connects and syncs.
 */
class PageLifecycleTest extends WebClientTest {

  @Test
  void leavingThePageTakesTheDeviceOfflineAndComingBackCatchesUp() {
    String alice = handle("alice");
    String bob = handle("bob");
    try (Browser aliceBrowser = Browser.desktop();
        Browser bobBrowser = Browser.desktop()) {
      ChatPage alicePage = signedUp(aliceBrowser, alice);
      ChatPage bobPage = signedUp(bobBrowser, bob);
      alicePage.startChat(bob);
      alicePage.send("hi");
      bobPage.openConversation(alice);
      await().until(() -> status(bobPage).equals("online"));

      aliceBrowser.driver().get(server.httpUri().resolve("/healthz").toString());
      await().until(() -> status(bobPage).startsWith("last seen"));
      assertThat(bobPage.onlineDot(alice)).isFalse();

      bobPage.send("while you were away");
      await().until(() -> "sent".equals(statusOf(bobPage, "while you were away")));
      assertThat(status(bobPage)).startsWith("last seen");
      assertThat(statusOf(bobPage, "while you were away")).isEqualTo("sent");

      aliceBrowser.driver().navigate().back();
      await().ignoreExceptions().until(() -> alicePage.bodies().contains("while you were away"));
      await().until(() -> status(bobPage).equals("online"));
      await().until(() -> !"sent".equals(statusOf(bobPage, "while you were away")));
      assertThat(statusOf(bobPage, "while you were away")).isIn("delivered", "read");
    }
  }

  private static String status(ChatPage page) {
    return (String) page.script("return document.getElementById('chat-status').textContent");
  }

  private static String statusOf(ChatPage page, String body) {
    return page.messages().stream()
        .filter(m -> m.body().equals(body))
        .map(ShownMessage::status)
        .findFirst()
        .orElse(null);
  }
}
