package dev.parley.e2e;

import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** "This is the start of your conversation" whenever the chat shows its first message. */
class ConversationStartTest extends WebClientTest {
  private static final String START = "This is the start of your conversation with ";

  @Test
  void theStartOfTheConversationIsMarkedAfterAReloadToo() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = signedUp(browser, alice);
      page.startChat(bob);
      page.send("the very first");
      page.send("the second");
      await()
          .until(
              () ->
                  page.messages().stream().allMatch(m -> m.seq() != null)
                      && page.messages().size() == 2);
      await().until(() -> edge(page).equals(START + bob + "."));

      page.reload();
      await().ignoreExceptions().until(() -> page.bodies().size() == 2);
      await().ignoreExceptions().until(() -> edge(page).equals(START + bob + "."));
    }
  }

  private static String edge(ChatPage page) {
    return page.findElement(By.cssSelector("#messages .history-edge")).getText();
  }
}
