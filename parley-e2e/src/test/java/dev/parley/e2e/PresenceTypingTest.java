package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The chat header says "online", "typing…" and "last seen …" as the other person comes and goes.
 */
class PresenceTypingTest extends WebClientTest {

  @Test
  void theHeaderFollowsThePeersPresenceAndTyping() {
    String alice = handle("alice");
    String bob = handle("bob");
    try (Browser aliceBrowser = Browser.desktop()) {
      ChatPage alicePage = signedUp(aliceBrowser, alice);
      try (Browser bobBrowser = Browser.desktop()) {
        ChatPage bobPage = signedUp(bobBrowser, bob);
        alicePage.startChat(bob);
        // Presence is shared only once the two have a conversation with a message in it.
        alicePage.send("hi");
        await().until(() -> status(alicePage).equals("online"));
        assertThat(alicePage.onlineDot(bob)).isTrue();

        bobPage.startChat(alice);
        bobPage.findElement(By.id("composer")).sendKeys("are you");
        await().until(() -> status(alicePage).equals("typing…"));
        assertThat(alicePage.preview(bob)).isEqualTo("typing…");

        bobPage.send(" free tonight?");
        await().until(() -> alicePage.bodies().contains("are you free tonight?"));
        await().until(() -> status(alicePage).equals("online"));
      }
      // bob's browser is gone: his last device left, so he is offline with a "last seen" time.
      await().until(() -> status(alicePage).startsWith("last seen today at"));
      assertThat(alicePage.onlineDot(bob)).isFalse();
    }
  }

  private static String status(ChatPage page) {
    return (String) page.script("return document.getElementById('chat-status').textContent");
  }
}
