package dev.parley.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * One headless Debian Chromium with a fresh profile, driven through Debian's chromedriver. Both
 * paths are set explicitly so Selenium Manager never tries to download a browser or a driver (the
 * build machines reach no such site). A browser profile is one origin's storage: its tabs share
 * localStorage, IndexedDB, Web Locks and BroadcastChannel (so the web client makes them one
 * device), each tab has its own sessionStorage, and {@link #restart()} starts a new browser session
 * on the same profile (what survives is what a person finds after closing and reopening the
 * browser).
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  // Selenium warns on every start that it has no CDP bindings for this Chromium; the tests use
  // none.
  private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

  static {
    SELENIUM_LOG.setLevel(Level.SEVERE);
  }

  private final ChromeOptions options;
  private final Path profile;
  private ChromeDriver driver;

  private Browser(Map<String, Object> mobileEmulation) {
    requireInstalled(CHROMIUM);
    requireInstalled(CHROMEDRIVER);
    try {
      profile = Files.createTempDirectory("parley-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-dev-shm-usage",
            "--lang=en-US",
            "--window-size=1100,720",
            "--user-data-dir=" + profile));
    if (mobileEmulation != null) {
      options.setExperimentalOption("mobileEmulation", mobileEmulation);
    }
    // The console, for cspViolations().
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    driver = launch(options);
  }

  private static ChromeDriver launch(ChromeOptions options) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return driver;
  }

  /**
   * Quits the browser and starts it again on the same profile: a new browser session, with one
   * blank tab. Pages opened before are gone; open them again.
   */
  void restart() {
    List<String> unseen = cspViolations();
    if (!unseen.isEmpty()) {
      throw new AssertionError("the web client broke its Content-Security-Policy: " + unseen);
    }
    driver.quit();
    driver = launch(options);
  }

  /** A desktop-sized window. */
  static Browser desktop() {
    return new Browser(null);
  }

  /** A phone: 360 CSS pixels wide, the narrowest screen the client supports. */
  static Browser phone() {
    return phone(360, 740);
  }

  /** A phone with a screen of {@code width} × {@code height} CSS pixels. */
  static Browser phone(int width, int height) {
    return new Browser(
        Map.of("deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 2.0)));
  }

  ChromeDriver driver() {
    return driver;
  }

  /**
   * The Content-Security-Policy violations the console reported since the last call (what the
   * server's policy blocked: inline scripts or styles, foreign sources).
   */
  List<String> cspViolations() {
    List<String> found = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getMessage().contains("Content Security Policy")) {
        found.add(e.getMessage());
      }
    }
    return found;
  }

  private static void requireInstalled(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " is missing: the browser tests drive Debian's Chromium. "
              + "Install it with: apt-get update && apt-get install -y chromium chromium-driver");
    }
  }

  /** Quits; every browser test thereby also checks that the page broke no CSP rule. */
  @Override
  public void close() {
    try {
      List<String> unseen = cspViolations();
      if (!unseen.isEmpty()) {
        throw new AssertionError("the web client broke its Content-Security-Policy: " + unseen);
      }
    } finally {
      quit();
    }
  }

  private void quit() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp profile is harmless
      }
    }
  }
}
