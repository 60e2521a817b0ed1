package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/** Keyboard only, named controls, and a phone-width layout that never scrolls sideways. */
class AccessibilityTest extends WebClientTest {
  /** Controls without an accessible name: no label, no aria-label, no text. */
  private static final String UNNAMED_CONTROLS =
      "return [...document.querySelectorAll('input, textarea, button, #messages')]"
          + ".filter(e => e.offsetParent !== null)"
          + ".filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent.trim()))"
          + ".map(e => e.outerHTML.slice(0, 80))";

  @Test
  void aPersonCanSignUpStartAChatAndSendWithTheKeyboardAlone() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = ChatPage.open(browser, server.httpUri());
      await().until(() -> !page.findElement(By.id("app")).findElements(By.id("handle")).isEmpty());
      assertThat(page.script(UNNAMED_CONTROLS)).asList().isEmpty();

      // The handle field has focus on load; Tab walks handle → password → Keep me signed in
      // (checked
      // by default, Space toggles it) → Log in → Create account.
      keys(browser, alice, Keys.TAB, PASSWORD, Keys.TAB);
      assertThat(focusedId(page)).isEqualTo("keep");
      assertThat(page.findElement(By.id("keep")).isSelected()).isTrue();
      keys(browser, Keys.SPACE);
      assertThat(page.findElement(By.id("keep")).isSelected()).isFalse();
      keys(browser, Keys.SPACE, Keys.TAB);
      assertThat(focusedId(page)).isEqualTo("login");
      keys(browser, Keys.TAB);
      assertThat(focusedId(page)).isEqualTo("signup");
      keys(browser, Keys.ENTER);
      await().until(() -> !page.findElement(By.id("app")).findElements(By.id("me")).isEmpty());
      assertThat(page.script(UNNAMED_CONTROLS)).asList().isEmpty();

      List<String> order = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        keys(browser, Keys.TAB);
        order.add(focusedId(page));
      }
      assertThat(order).containsExactly("logout", "new-chat", "new-chat-go");
      assertThat(page.script("return getComputedStyle(document.activeElement).outlineStyle"))
          .isEqualTo("solid");

      page.findElement(By.id("new-chat")).click();
      keys(browser, bob, Keys.ENTER);
      await().until(() -> "composer".equals(focusedId(page)));
      keys(browser, "typed, not clicked", Keys.ENTER);
      await()
          .until(
              () ->
                  page.messages().stream()
                      .anyMatch(m -> m.body().equals("typed, not clicked") && m.seq() != null));
      assertThat(page.script(UNNAMED_CONTROLS)).asList().isEmpty();
    }
  }

  @Test
  void atPhoneWidthNothingScrollsSideways() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone");
    try (Browser phone = Browser.phone()) {
      ChatPage page = signedUp(phone, alice);
      page.startChat(bob);
      page.send(
          "a-rather-long-word-without-any-spaces-that-must-wrap-instead-of-widening-the-page-"
              + "x".repeat(60));
      await().until(() -> page.messages().stream().anyMatch(m -> m.seq() != null));

      assertThat(page.script("return window.innerWidth")).isEqualTo(360L);
      assertThat(page.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
      assertThat(page.findElement(By.cssSelector(".back")).isDisplayed()).isTrue();
      page.findElement(By.cssSelector(".back")).click();
      await().until(() -> page.findElement(By.id("conversations")).isDisplayed());
      assertThat(page.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
    }
  }

  @Test
  void theGroupControlsAreNamedAndFitAPhone() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone");
    try (Browser phone = Browser.phone()) {
      ChatPage page = signedUp(phone, alice);
      page.findElement(By.id("new-group")).click();
      assertThat(page.script(UNNAMED_CONTROLS)).asList().isEmpty();

      GroupPage group = new GroupPage(page);
      group.createGroup("A group with a title long enough to need more than one line", bob);
      page.send("hello group");
      await().until(() -> page.messages().stream().anyMatch(m -> m.seq() != null));
      group.openMembers();
      await().until(() -> group.members().size() == 2);
      assertThat(page.script(UNNAMED_CONTROLS)).asList().isEmpty();
      assertThat(page.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
      // The panel takes the screen; closing it gives focus back to the button that opened it.
      page.findElement(By.id("members-close")).click();
      assertThat(focusedId(page)).isEqualTo("group-members-button");

      group.openReadBy("hello group");
      assertThat(page.script(UNNAMED_CONTROLS)).asList().isEmpty();
      assertThat(page.script("return document.documentElement.scrollWidth")).isEqualTo(360L);
    }
  }

  @Test
  void aLogInOrSignUpErrorFocusesTheFieldAtFaultAndTiesItToTheError() {
    String alice = handle("alice");
    server.register(alice, PASSWORD, "alice's phone");
    try (Browser browser = Browser.desktop()) {
      ChatPage page = ChatPage.open(browser, server.httpUri());
      await().until(() -> "handle".equals(focusedId(page)));
      assertThat(page.findElement(By.id("login-error")).getAttribute("role")).isEqualTo("alert");

      // A wrong password: focus goes to it, marked invalid and described by the error.
      keys(browser, alice, Keys.TAB, "not-the-password", Keys.ENTER);
      await().until(() -> !page.findElement(By.id("login-error")).getText().isEmpty());
      await().until(() -> "password".equals(focusedId(page)));
      assertThat(page.findElement(By.id("login-error")).getText())
          .isEqualTo("Wrong handle or password.");
      assertThat(page.findElement(By.id("password")).getAttribute("aria-invalid"))
          .isEqualTo("true");
      assertThat(page.findElement(By.id("password")).getAttribute("aria-describedby"))
          .isEqualTo("login-error");

      // Typing clears the error and the marks.
      keys(browser, "x");
      assertThat(page.findElement(By.id("login-error")).getText()).isEmpty();
      assertThat(page.findElement(By.id("password")).getAttribute("aria-invalid")).isNull();
      assertThat(page.findElement(By.id("password")).getAttribute("aria-describedby")).isNull();

      // Signing up with a handle that is taken: the handle is at fault.
      page.findElement(By.id("signup")).click();
      await().until(() -> "handle".equals(focusedId(page)));
      assertThat(page.findElement(By.id("login-error")).getText())
          .isEqualTo("That handle is taken. Pick another one.");
      assertThat(page.findElement(By.id("handle")).getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(page.findElement(By.id("handle")).getAttribute("aria-describedby"))
          .isEqualTo("login-error");
      assertThat(page.findElement(By.id("password")).getAttribute("aria-invalid")).isNull();

      // A field left empty is caught before asking the server, the same way.
      page.findElement(By.id("password")).clear();
      page.findElement(By.id("login")).click();
      await().until(() -> "password".equals(focusedId(page)));
      assertThat(page.findElement(By.id("login-error")).getText())
          .isEqualTo("Enter your password.");
      assertThat(page.findElement(By.id("password")).getAttribute("aria-invalid"))
          .isEqualTo("true");
    }
  }

  private static void keys(Browser browser, CharSequence... keys) {
    new Actions(browser.driver()).sendKeys(keys).perform();
  }

  private static String focusedId(ChatPage page) {
    return (String) page.script("return document.activeElement?.id ?? null");
  }
}
