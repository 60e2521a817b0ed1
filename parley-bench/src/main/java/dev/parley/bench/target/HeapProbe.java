package dev.parley.bench.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap of a local JVM after a full collection, via {@code jcmd <pid> GC.run} and {@code
 * GC.heap_info}. RSS alone misleads for a JVM: it counts heap pages that garbage once touched and
 * never gives back, so the idle-connections figure is reported both ways.
 */
public final class HeapProbe {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private HeapProbe() {}

  /** Live heap in KiB after a full GC, or -1 if jcmd is not available or the JVM did not answer. */
  public static long liveHeapKb(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      jcmd(pid, "GC.run");
      Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    String jcmd = System.getProperty("java.home") + "/bin/jcmd";
    Process p =
        new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
