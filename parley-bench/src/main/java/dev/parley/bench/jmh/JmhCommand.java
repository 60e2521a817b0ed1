package dev.parley.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code bench jmh [JMH options]}: runs the JMH micro-benchmarks of this module (JMH's own
 * options).
 */
@Command(
    name = "jmh",
    description =
        "Run the JMH micro-benchmarks; arguments go to JMH (e.g. -f 1 -wi 3 -i 5 FrameCodec).")
public final class JmhCommand implements Callable<Integer> {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    org.openjdk.jmh.Main.main(args.toArray(String[]::new));
    return 0;
  }
}
