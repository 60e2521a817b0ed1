package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Message bodies are data, never markup: they are shown as text on both sides. */
class MessageRenderingTest extends WebClientTest {
  private static final String HOSTILE =
      "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> <b>bold?</b>";

  @Test
  void markupInAMessageIsShownAsTextAndNeverRuns() {
    String alice = handle("alice");
    String bob = handle("bob");
    try (Browser aliceBrowser = Browser.desktop();
        Browser bobBrowser = Browser.desktop()) {
      ChatPage alicePage = signedUp(aliceBrowser, alice);
      ChatPage bobPage = signedUp(bobBrowser, bob);

      alicePage.startChat(bob);
      alicePage.send(HOSTILE);
      bobPage.openConversation(alice);
      await().until(() -> bobPage.bodies().contains(HOSTILE));

      for (ChatPage page : new ChatPage[] {alicePage, bobPage}) {
        assertThat(page.bodies()).containsExactly(HOSTILE);
        assertThat(
                page.findElement(By.id("messages")).findElements(By.cssSelector("script, img, b")))
            .isEmpty();
        assertThat(page.script("return window.pwned ?? null")).isNull();
        assertThat(page.preview(page == alicePage ? bob : alice)).contains("<script>");
      }
    }
  }

  @Test
  void aMessageOverTheBodyLimitIsHeldBackAndTheNextOneGoesOn() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone");
    String tooLong = "€".repeat(6_000); // 18,000 UTF-8 bytes: over the 16,384-byte body limit
    try (Browser browser = Browser.desktop()) {
      ChatPage page = signedUp(browser, alice);
      page.startChat(bob);
      page.script("document.getElementById('composer').value = arguments[0]", tooLong);
      page.send("");
      // The composer counts bytes as the server does: nothing is sent, and it says why.
      await()
          .until(
              () ->
                  page.findElement(By.id("composer-limit"))
                      .getText()
                      .startsWith("Too long to send."));
      page.findElement(By.id("composer")).clear();
      page.send("short and fine");

      await()
          .until(
              () ->
                  page.messages().stream()
                      .anyMatch(m -> m.body().equals("short and fine") && m.seq() != null));
      assertThat(page.messages()).singleElement().satisfies(m -> assertThat(m.seq()).isEqualTo(1L));
    }
  }
}
