package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * axe-core finds no serious or critical accessibility violation on the login screen, the
 * conversation list, an open chat (with a message not sent) and a group with its panels.
 */
class AxeTest extends WebClientTest {

  @Test
  void theMainScreensHaveNoSeriousAccessibilityViolations() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop()) {
      browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      ChatPage page = ChatPage.open(browser, server.httpUri());
      await().until(() -> !page.findElements(By.id("handle")).isEmpty());
      assertThat(Axe.seriousViolations(page)).as("login screen").isEmpty();

      page.findElement(By.id("handle")).sendKeys(alice);
      page.findElement(By.id("password")).sendKeys("short");
      page.findElement(By.id("login")).click();
      await().until(() -> !page.findElement(By.id("login-error")).getText().isEmpty());
      assertThat(Axe.seriousViolations(page)).as("login screen with an error").isEmpty();
      page.findElement(By.id("password")).clear();

      page.signUp(alice, PASSWORD);
      page.findElement(By.id("new-group")).click();
      assertThat(Axe.seriousViolations(page)).as("conversation list").isEmpty();

      page.startChat(bob);
      page.send("hello");
      await().until(() -> page.messages().stream().anyMatch(m -> m.seq() != null));
      page.script(
          "const c = document.getElementById('composer'); c.value = 'Ж'.repeat(9000);"
              + "c.dispatchEvent(new Event('input', {bubbles: true}))");
      assertThat(Axe.seriousViolations(page)).as("open chat").isEmpty();
      page.findElement(By.id("composer")).clear();

      GroupPage group = new GroupPage(page);
      group.createGroup("Axe group", bob);
      page.send("hello group");
      await().until(() -> "sent".equals(group.status("hello group")));
      assertThat(Axe.seriousViolations(page)).as("group chat").isEmpty();
      group.openMembers();
      await().until(() -> group.members().size() == 2);
      assertThat(Axe.seriousViolations(page)).as("group members panel").isEmpty();
      page.findElement(By.id("members-close")).click();
      group.openReadBy("hello group");
      assertThat(Axe.seriousViolations(page)).as("message info panel").isEmpty();
    }
  }
}
