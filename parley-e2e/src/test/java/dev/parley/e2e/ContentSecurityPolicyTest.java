package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web client runs under the server's strict Content-Security-Policy (no inline script or
 * style), and the policy bites. Every browser test also fails on a CSP violation ({@link
 * Browser#close()}); this one shows that such a violation is seen.
 */
class ContentSecurityPolicyTest extends WebClientTest {

  @Test
  void theClientRunsUnderAStrictPolicyThatBlocksInjectedScripts() {
    try (Browser browser = Browser.desktop()) {
      ChatPage page = signedUp(browser, handle("alice"));
      assertThat(browser.cspViolations()).isEmpty();
      assertThat(
              (String)
                  page.script(
                      "return fetch('/').then(r => r.headers.get('content-security-policy'))"))
          .contains("script-src 'self'")
          .contains("frame-ancestors 'none'");

      page.script(
          "const s = document.createElement('script');"
              + "s.textContent = 'window.injected = true';"
              + "document.body.append(s);");

      List<String> seen = new ArrayList<>();
      await().until(() -> seen.addAll(browser.cspViolations()));
      assertThat(seen.get(0)).contains("script-src");
      assertThat(page.script("return window.injected === true")).isEqualTo(false);
    }
  }
}
