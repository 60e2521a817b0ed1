package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Message bodies are data, never markup: they are shown as text on both sides. */
class MessageRenderingTest extends WebClientTest {
  private static final String HOSTILE = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> <b>bold?</b>";

  @Test
  void markupInAMessageIsShownAsTextAndNeverRuns() {
    String alice = handle("alice");
    String bob = handle("bob");
    try (Browser aliceBrowser = Browser.desktop(); Browser bobBrowser = Browser.desktop()) {
      ChatPage alicePage = ChatPage.open(aliceBrowser, server.httpUri());
      alicePage.signUp(alice, PASSWORD);
      ChatPage bobPage = ChatPage.open(bobBrowser, server.httpUri());
      bobPage.signUp(bob, PASSWORD);

      alicePage.startChat(bob);
      alicePage.send(HOSTILE);
      bobPage.openConversation(alice);
      await().until(() -> bobPage.bodies().contains(HOSTILE));

      for (ChatPage page : new ChatPage[] {alicePage, bobPage}) {
        assertThat(page.bodies()).containsExactly(HOSTILE);
        assertThat(page.findElement(By.id("messages")).findElements(By.cssSelector("script, img, b"))).isEmpty();
        assertThat(page.script("return window.pwned ?? null")).isNull();
        assertThat(page.preview(page == alicePage ? bob : alice)).contains("<script>");
      }
    }
  }
}
