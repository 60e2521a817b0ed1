package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Where things sit in a chat: a short chat at the bottom next to the composer, a day separator
 * above each day's first message, and "jump to latest" for messages that arrive while the reader is
 * further up.
 */
class ChatLayoutTest extends WebClientTest {

  @Test
  void aShortChatSitsAtTheBottomUnderOneTodaySeparator() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage page = signedUp(browser, alice);
      String conv = bobSocket.opened(alice);
      bobSocket.sendMessage(conv, "first");
      bobSocket.sendMessage(conv, "second");
      page.openConversation(bob);
      await().until(() -> page.bodies().equals(List.of("first", "second")));

      @SuppressWarnings("unchecked")
      Map<String, Number> box =
          (Map<String, Number>)
              page.script(
                  "const log = document.getElementById('messages').getBoundingClientRect();"
                      + "const msgs = document.querySelectorAll('#messages .msg');"
                      + "return {logTop: log.top, logBottom: log.bottom,"
                      + " firstTop: msgs[0].getBoundingClientRect().top,"
                      + " lastBottom: msgs[1].getBoundingClientRect().bottom}");
      double logHeight = box.get("logBottom").doubleValue() - box.get("logTop").doubleValue();
      assertThat(box.get("logBottom").doubleValue() - box.get("lastBottom").doubleValue())
          .as("the newest message is at the bottom of the pane")
          .isLessThan(40);
      assertThat(box.get("firstTop").doubleValue() - box.get("logTop").doubleValue())
          .as("the free space is above the messages")
          .isGreaterThan(logHeight / 2);

      // Both were written today: one separator, above the first message.
      assertThat(
              page.script(
                  "return [...document.querySelectorAll('#messages > li')]"
                      + ".filter(e => e.matches('.day-separator, .msg'))"
                      + ".map(e => e.classList.contains('msg') ? 'msg' : e.textContent)"))
          .isEqualTo(List.of("Today", "msg", "msg"));
    }
  }

  @Test
  void dayLabelsAreTodayYesterdayOrADateInTheBrowsersLocale() {
    try (Browser browser = Browser.desktop()) {
      ChatPage page = ChatPage.open(browser, server.httpUri());
      // format.js's pure function, with fixed times (the server's clock cannot be moved), in the
      // browser's own time zone and locale (en-US, see Browser).
      Object labels =
          browser
              .driver()
              .executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "import(new URL('js/format.js', document.baseURI).href).then(f => {"
                      + "  const at = (...d) => new Date(...d).getTime();"
                      + "  const now = at(2024, 2, 15, 10, 0);"
                      + "  done([f.dayLabel(at(2024, 2, 15, 0, 5), now), f.dayLabel(at(2024, 2, 15, 23, 59), now),"
                      + "    f.dayLabel(at(2024, 2, 14, 23, 59), now), f.dayLabel(at(2024, 2, 14, 0, 0), now),"
                      + "    f.dayLabel(at(2024, 2, 13, 12, 0), now), f.dayLabel(at(2023, 11, 31, 12, 0), now),"
                      + "    f.dayLabel(at(2024, 2, 31, 23, 0), at(2024, 3, 1, 0, 30)),"
                      + "    f.dayKey(at(2024, 2, 15, 0, 5)) === f.dayKey(at(2024, 2, 15, 23, 59)),"
                      + "    f.dayKey(at(2024, 2, 14, 23, 59)) === f.dayKey(at(2024, 2, 15, 0, 0))]);"
                      + "}, e => done(String(e)))");
      assertThat(labels)
          .isEqualTo(
              List.of(
                  "Today",
                  "Today",
                  "Yesterday",
                  "Yesterday",
                  "March 13",
                  "December 31, 2023",
                  "Yesterday",
                  true,
                  false));
    }
  }

  @Test
  void messagesArrivingWhileScrolledUpAreCountedOnAJumpToLatestButton() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage page = signedUp(browser, alice);
      String conv = bobSocket.opened(alice);
      for (int i = 1; i <= 40; i++) {
        bobSocket.sendMessage(conv, "message " + i);
      }
      page.openConversation(bob);
      await().until(() -> page.bodies().size() == 40);
      assertThat(page.findElement(By.id("jump-latest")).isDisplayed()).isFalse();

      page.script("document.getElementById('messages').scrollTop = 0");
      bobSocket.sendMessage(conv, "new 1");
      bobSocket.sendMessage(conv, "new 2");
      await().until(() -> page.bodies().contains("new 2"));
      await().until(() -> "2".equals(page.findElement(By.id("jump-count")).getText()));
      assertThat(page.findElement(By.id("jump-latest")).isDisplayed()).isTrue();
      assertThat(page.findElement(By.id("jump-latest")).getAttribute("aria-label"))
          .isEqualTo("2 new messages, jump to latest");
      assertThat(
              page.script(
                  "const log = document.getElementById('messages');"
                      + "return log.scrollHeight - log.scrollTop - log.clientHeight > 300"))
          .as("the reader stays where they were, far from the bottom")
          .isEqualTo(true);

      page.findElement(By.id("jump-latest")).click();
      assertThat(page.findElement(By.id("jump-latest")).isDisplayed()).isFalse();
      assertThat(
              page.script(
                  "const log = document.getElementById('messages');"
                      + "return log.scrollHeight - log.scrollTop - log.clientHeight < 2"))
          .isEqualTo(true);
    }
  }
}
