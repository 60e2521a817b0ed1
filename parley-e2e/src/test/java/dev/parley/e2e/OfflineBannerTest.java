package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testing.proxy.FaultProxy;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The offline banner on a phone: one small line, not a block of the screen. */
class OfflineBannerTest extends WebClientTest {

  @Test
  void onAPhoneTheOfflineBannerIsOneSmallLine() {
    String alice = handle("alice");
    String bob = handle("bob");
    server.register(bob, PASSWORD, "bob's phone");
    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port());
        Browser phone = Browser.phone(390, 844)) {
      ChatPage page = ChatPage.open(phone, proxy.httpUri());
      page.signUp(alice, PASSWORD);
      page.startChat(bob);

      proxy.refuse(true);
      proxy.cutAll();
      await().until(page::offlineBannerShown);
      await().until(() -> page.findElement(By.id("banner-text")).getText().startsWith("You are"));

      long height =
          (Long)
              page.script(
                  "return Math.round(document.getElementById('banner').getBoundingClientRect().height)");
      assertThat(height).isLessThanOrEqualTo(40);
      // Still says what matters, and still offers to retry.
      assertThat(page.findElement(By.id("banner-text")).getText()).startsWith("You are offline.");
      assertThat(page.findElement(By.id("retry")).isDisplayed()).isTrue();
      assertThat(page.script("return document.documentElement.scrollWidth")).isEqualTo(390L);
    }
  }
}
