package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.ClientFrame;
import dev.parley.testing.TestDevice;
import dev.parley.testing.TestSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * This user's own messages: ticks told apart by shape and by name (clock, ✓, ✓✓, ✓✓ in blue; the
 * refused "!" is in {@link FailedMessageTest}), and the time shown is when the message was written,
 * even when it reached the server later.
 */
class OwnMessagesTest extends WebClientTest {

  @Test
  void ticksHaveTheirOwnShapeAndNameAndTheTimeIsWhenTheMessageWasWritten() {
    String alice = handle("alice");
    String bob = handle("bob");
    TestDevice bobDevice = server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = signedUp(browser, alice);
      page.startChat(bob);
      page.send("before the outage");
      await().until(() -> page.messages().stream().anyMatch(m -> m.seq() != null));

      server.stop();
      await().until(page::offlineBannerShown);
      long before = (Long) page.script("return Date.now()");
      page.send("written offline");
      await().until(() -> page.messages().size() == 2);
      long after = (Long) page.script("return Date.now()");
      assertThat(tick(page, "written offline"))
          .isEqualTo(Map.of("state", "tick-pending", "shape", "clock", "label", "Pending"));

      server.begin();
      long seq =
          await()
              .until(
                  () ->
                      page.messages().stream()
                          .filter(m -> m.body().equals("written offline"))
                          .findFirst()
                          .map(ShownMessage::seq),
                  s -> s.isPresent())
              .get();
      assertThat(tick(page, "written offline"))
          .isEqualTo(Map.of("state", "tick-sent", "shape", "check", "label", "Sent"));
      // Stored by the server after it came back; shown as written, while the server was away.
      assertWrittenBetween(page, before, after);
      page.reload();
      await().until(() -> page.bodies().contains("written offline"));
      assertWrittenBetween(page, before, after);

      try (TestSocket bobSocket = TestSocket.connect(server, bobDevice)) {
        String conv = bobSocket.opened(alice);
        bobSocket.send(new ClientFrame.Received(conv, seq));
        await().until(() -> "tick-delivered".equals(tick(page, "written offline").get("state")));
        assertThat(tick(page, "written offline"))
            .isEqualTo(Map.of("state", "tick-delivered", "shape", "checks", "label", "Delivered"));
        String deliveredColour = page.tickColor("written offline");
        bobSocket.send(new ClientFrame.Read(conv, seq));
        await().until(() -> "tick-read".equals(tick(page, "written offline").get("state")));
        assertThat(tick(page, "written offline"))
            .isEqualTo(Map.of("state", "tick-read", "shape", "checks", "label", "Read"));
        assertThat(page.tickColor("written offline")).isNotEqualTo(deliveredColour);
      }
    }
  }

  /** The tick of a message: its state class, its shape (icon name or text) and its name. */
  @SuppressWarnings("unchecked")
  static Map<String, String> tick(ChatPage page, String body) {
    return (Map<String, String>)
        page.script(
            "const m = [...document.querySelectorAll('#messages .msg')]"
                + ".find(e => e.querySelector('.body').textContent === arguments[0]);"
                + "const t = m.querySelector('.tick');"
                + "const icon = t.querySelector('svg.icon');"
                + "const label = t.getAttribute('aria-label');"
                + "if (t.title !== label) return {title: t.title, label};"
                + "return {state: [...t.classList].find(c => /^tick-(pending|sent|delivered|read|failed)$/.test(c)),"
                + " shape: icon ? [...icon.classList].find(c => c.startsWith('icon-')).slice(5)"
                + " : t.textContent, label}",
            body);
  }

  private static void assertWrittenBetween(ChatPage page, long before, long after) {
    @SuppressWarnings("unchecked")
    List<String> time =
        (List<String>)
            page.script(
                "const m = [...document.querySelectorAll('#messages .msg')]"
                    + ".find(e => e.querySelector('.body').textContent === 'written offline');"
                    + "const t = m.querySelector('time'); return [t.dateTime, t.title]");
    assertThat(Instant.parse(time.get(0)).toEpochMilli()).isBetween(before, after);
    assertThat(time.get(1)).startsWith("Written ").contains("\nSent ");
  }
}
