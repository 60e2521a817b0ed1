package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What tells a person that messages wait for them: the unread marker in the chat, the count in the
 * tab's title, and desktop notifications while the tab is hidden.
 */
class UnreadAlertsTest extends WebClientTest {
  /**
   * Replaces the Notification API with one that records what it is asked to show (permission
   * granted), and makes the page hidden, as when the person is in another tab.
   */
  private static final String STUB_NOTIFICATIONS_AND_HIDE =
      "window.notes = [];"
          + "window.Notification = class {"
          + "  static permission = 'granted';"
          + "  static requestPermission() { return Promise.resolve('granted'); }"
          + "  constructor(title, options) { Object.assign(this, {title, options, closed: false}); window.notes.push(this); }"
          + "  close() { this.closed = true; }"
          + "};"
          + "Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});"
          + "document.dispatchEvent(new Event('visibilitychange'));";

  private static final String SHOW =
      "delete document.visibilityState; document.dispatchEvent(new Event('visibilitychange'));";

  @Test
  void theUnreadMarkerShowsOnOpeningAndGoesOnceThePersonHasReadAndReplied() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage page = signedUp(browser, alice);
      assertThat(title(page)).isEqualTo("Parley");
      String conv = bobSocket.opened(alice);
      for (String body : List.of("one", "two", "three")) {
        bobSocket.sendMessage(conv, body);
      }
      await().until(() -> "(3) Parley".equals(title(page)));

      page.openConversation(bob);
      await().until(() -> page.bodies().equals(List.of("one", "two", "three")));
      await().until(() -> "3 unread messages".equals(marker(page)));
      assertThat(
              page.script(
                  "return document.getElementById('unread-marker').nextElementSibling.querySelector('.body').textContent"))
          .isEqualTo("one");
      // Seen: read receipts go out, the title's count goes; the marker stays while the chat is
      // open.
      await().until(() -> "Parley".equals(title(page)));
      assertThat(marker(page)).isEqualTo("3 unread messages");

      page.send("hi bob");
      await().until(() -> marker(page) == null);
    }
  }

  @Test
  void whileTheTabIsHiddenNewMessagesCountInTheTitleAndNotifyOncePerConversation() {
    String alice = handle("alice");
    String bob = handle("bob");
    String carol = handle("carol");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    server.register(carol, PASSWORD, "carol's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage page = signedUp(browser, alice);
      String conv = bobSocket.opened(alice);
      bobSocket.sendMessage(conv, "first");
      page.openConversation(bob);
      await().until(() -> "Parley".equals(title(page)) && page.bodies().contains("first"));

      // The person looks at bob's chat: what arrives is read, nobody is notified.
      page.script(STUB_NOTIFICATIONS_AND_HIDE + SHOW);
      bobSocket.sendMessage(conv, "seen live");
      await().until(() -> page.bodies().contains("seen live"));
      assertThat(notes(page)).isEmpty();
      await().until(() -> "Parley".equals(title(page)));

      // Away: counted in the title, marked in the chat, notified (one notification per chat).
      page.script(STUB_NOTIFICATIONS_AND_HIDE);
      bobSocket.sendMessage(conv, "are you there?");
      bobSocket.sendMessage(conv, "hello?");
      await().until(() -> "(2) Parley".equals(title(page)));
      await().until(() -> page.bodies().contains("hello?"));
      assertThat(marker(page)).isEqualTo("2 unread messages");
      await().until(() -> notes(page).size() == 2);
      assertThat(notes(page))
          .containsExactly(
              Map.of("title", bob, "body", "are you there?", "tag", conv, "closed", false),
              Map.of("title", bob, "body", "hello?", "tag", conv, "closed", false));

      // Back: read, so the title clears and the notification goes.
      page.script(SHOW);
      await().until(() -> "Parley".equals(title(page)));
      await().until(() -> notes(page).get(1).get("closed").equals(true));

      // Away from another chat: pressing the notification opens bob's chat.
      page.startChat(carol);
      page.script(STUB_NOTIFICATIONS_AND_HIDE);
      bobSocket.sendMessage(conv, "over here");
      await().until(() -> notes(page).size() == 1);
      assertThat(notes(page).get(0)).containsEntry("body", "over here").containsEntry("tag", conv);
      page.script(SHOW + "window.notes[0].onclick()");
      await()
          .until(
              () ->
                  page.findElement(org.openqa.selenium.By.id("chat-title")).getText().equals(bob));
      await().until(() -> "Parley".equals(title(page)));
    }
  }

  private static String title(ChatPage page) {
    return (String) page.script("return document.title");
  }

  private static String marker(ChatPage page) {
    return (String)
        page.script(
            "const m = document.getElementById('unread-marker'); return m?.isConnected ? m.textContent : null");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> notes(ChatPage page) {
    return (List<Map<String, Object>>)
        page.script(
            "return window.notes.map(n => ({title: n.title, body: n.options.body, tag: n.options.tag, closed: n.closed}))");
  }
}
