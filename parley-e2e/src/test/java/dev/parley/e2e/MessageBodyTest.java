package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * How a message's text is shown: http(s) links clickable and nothing else, the text's own
 * direction, and long messages folded behind "Read more". The body stays text throughout.
 */
class MessageBodyTest extends WebClientTest {
  private static final String TWO_LINKS =
      "see https://example.com/a?b=1&c=2. and (http://example.org/x_(y)) too";
  private static final List<String> NO_LINKS =
      List.of(
          "javascript:alert(1) JaVaScRiPt:window.pwned=1",
          "data:text/html,<script>window.pwned=2</script> vbscript:msgbox file:///etc/passwd",
          "ftp://example.com/file mailto:someone@example.com http:// https:///path",
          "<a href=\"javascript:window.pwned=3\">click me</a>");
  private static final String ATTRIBUTE_BREAKOUT =
      "https://example.net/\"><img src=x onerror=\"window.pwned=4\">";
  private static final String ARABIC = "مرحبا، كيف حالك اليوم؟";
  private static final String LONG = "All work and no play makes a dull message. ".repeat(40);
  private static final String MANY_LINES = String.join("\n", Collections.nCopies(20, "line"));

  @Test
  void onlyHttpLinksBecomeLinksAndHostileBodiesStayText() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage page = signedUp(browser, alice);
      String conv = bobSocket.opened(alice);
      bobSocket.sendMessage(conv, TWO_LINKS);
      for (String body : NO_LINKS) {
        bobSocket.sendMessage(conv, body);
      }
      bobSocket.sendMessage(conv, ATTRIBUTE_BREAKOUT);
      page.openConversation(bob);
      await().until(() -> page.bodies().size() == NO_LINKS.size() + 2);

      assertThat(links(page, TWO_LINKS))
          .containsExactly(
              Map.of(
                  "href", "https://example.com/a?b=1&c=2",
                  "text", "https://example.com/a?b=1&c=2",
                  "target", "_blank",
                  "rel", "noopener noreferrer nofollow"),
              Map.of(
                  "href", "http://example.org/x_(y)",
                  "text", "http://example.org/x_(y)",
                  "target", "_blank",
                  "rel", "noopener noreferrer nofollow"));
      for (String body : NO_LINKS) {
        assertThat(links(page, body)).as(body).isEmpty();
      }
      assertThat(links(page, ATTRIBUTE_BREAKOUT))
          .extracting(l -> l.get("href"))
          .containsExactly("https://example.net/");
      // Every body reads exactly as written, and no markup in one ever became an element.
      List<String> sent = new ArrayList<>(List.of(TWO_LINKS));
      sent.addAll(NO_LINKS);
      sent.add(ATTRIBUTE_BREAKOUT);
      assertThat(page.bodies()).containsExactlyElementsOf(sent);
      assertThat(
              page.script(
                  "return [...document.querySelectorAll('#messages .body *')]"
                      + ".filter(e => !(e.tagName === 'A' && /^https?:$/.test(e.protocol))).length"))
          .isEqualTo(0L);
      assertThat(page.script("return window.pwned ?? null")).isNull();
    }
  }

  @Test
  void rightToLeftTextRunsRightToLeftInTheBubbleAndThePreview() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage page = signedUp(browser, alice);
      String conv = bobSocket.opened(alice);
      bobSocket.sendMessage(conv, "Hello in English first");
      bobSocket.sendMessage(conv, ARABIC);
      page.openConversation(bob);
      await().until(() -> page.bodies().contains(ARABIC));

      assertThat(direction(page, "Hello in English first")).isEqualTo("ltr");
      assertThat(direction(page, ARABIC)).isEqualTo("rtl");
      assertThat(
              page.script(
                  "return [...document.querySelectorAll('#messages .body')].every(b => b.dir === 'auto')"))
          .isEqualTo(true);
      await().until(() -> ARABIC.equals(page.preview(bob)));
      assertThat(
              page.script(
                  "const p = document.querySelector(arguments[0]);"
                      + "return [p.dir, getComputedStyle(p).direction]",
                  ".conv[data-handle='" + bob + "'] .conv-preview"))
          .isEqualTo(List.of("auto", "rtl"));
    }
  }

  @Test
  void aLongMessageIsFoldedUntilReadMoreUnfoldsItInPlace() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop();
        TestSocket bobSocket = TestSocket.connectAndSync(server, bobDevice, null)) {
      ChatPage page = signedUp(browser, alice);
      String conv = bobSocket.opened(alice);
      bobSocket.sendMessage(conv, "short");
      bobSocket.sendMessage(conv, LONG);
      bobSocket.sendMessage(conv, MANY_LINES);
      page.openConversation(bob);
      await().until(() -> page.bodies().size() == 3);

      assertThat(readMore(page, "short")).isNull();
      for (String body : List.of(LONG, MANY_LINES)) {
        assertThat(readMore(page, body)).as("Read more under a long message").isNotNull();
        assertThat(folded(page, body)).as("only the first lines show").isTrue();
      }
      readMore(page, LONG).click();
      assertThat(readMore(page, LONG)).isNull();
      assertThat(folded(page, LONG)).as("the whole message shows").isFalse();
      assertThat(folded(page, MANY_LINES)).as("the other long message stays folded").isTrue();
      assertThat(page.bodies()).containsExactly("short", LONG, MANY_LINES);
    }
  }

  private static final String BUBBLE =
      "const m = [...document.querySelectorAll('#messages .msg')]"
          + ".find(e => e.querySelector('.body').textContent === arguments[0]);";

  @SuppressWarnings("unchecked")
  private static List<Map<String, String>> links(ChatPage page, String body) {
    return (List<Map<String, String>>)
        page.script(
            BUBBLE
                + "return [...m.querySelectorAll('.body a')].map(a => ({href: a.getAttribute('href'),"
                + " text: a.textContent, target: a.target, rel: a.rel}))",
            body);
  }

  private static String direction(ChatPage page, String body) {
    return (String)
        page.script(BUBBLE + "return getComputedStyle(m.querySelector('.body')).direction", body);
  }

  /** Whether the body is cut off: less of it on screen than there is. */
  private static boolean folded(ChatPage page, String body) {
    return (Boolean)
        page.script(
            BUBBLE
                + "const b = m.querySelector('.body'); return b.scrollHeight > b.clientHeight + 10",
            body);
  }

  private static WebElement readMore(ChatPage page, String body) {
    return (WebElement) page.script(BUBBLE + "return m.querySelector('.read-more')", body);
  }
}
