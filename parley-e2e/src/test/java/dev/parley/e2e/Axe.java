package dev.parley.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs axe-core (the accessibility rules engine, from its webjar, a test dependency) in a page and
 * returns what it finds. The script is injected through WebDriver, not served by Parley, so it
 * never touches the server's Content-Security-Policy.
 */
final class Axe {
  private static final String SCRIPT = load();

  private Axe() {}

  /**
   * The violations of impact "serious" or "critical" on the page as it is now, one line each: the
   * rule, its impact and the first elements it names.
   */
  @SuppressWarnings("unchecked")
  static List<String> seriousViolations(ChatPage page) {
    if (!Boolean.TRUE.equals(page.script("return typeof window.axe === 'object'"))) {
      page.script(SCRIPT + "\n;return true;");
    }
    List<Map<String, Object>> violations =
        (List<Map<String, Object>>)
            page.asyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, {resultTypes: ['violations']})"
                    + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                    + ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                    + " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary)}))),"
                    + " e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]))");
    return violations.stream()
        .map(
            v ->
                v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " " + v.get("nodes"))
        .toList();
  }

  private static String load() {
    String path =
        "META-INF/resources/webjars/axe-core/"
            + System.getProperty("axe-core.version", "4.6.3")
            + "/axe.min.js";
    try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
