package dev.parley.bench.load;

import dev.parley.bench.cpu.ClusterProcesses;
import dev.parley.bench.report.LatencyChart;
import dev.parley.bench.report.Report;
import dev.parley.bench.target.TargetOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench sweep}: the chat load at several offered rates against one server, and a chart of
 * it.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = "Chat load at several rates; latency percentiles vs offered load.")
public final class SweepCommand implements Callable<Integer> {
  @Mixin TargetOptions targetOptions;
  @Mixin ChatLoadOptions loadOptions;

  @Option(
      names = "--rates",
      split = ",",
      required = true,
      description = "Offered total rates in msgs/s, e.g. 1000,5000,10000.")
  List<Integer> rates;

  @Option(
      names = "--chart",
      description = "Write an SVG chart of e2e latency percentiles vs offered load here.")
  Path chart;

  @Override
  public Integer call() throws Exception {
    List<ChatResult> results = new ArrayList<>();
    ClusterProcesses cluster = loadOptions.clusterProcesses();
    try (TargetOptions.OpenTarget open = targetOptions.open()) {
      for (int rate : rates) {
        ChatOptions options = loadOptions.toOptions().withRate(rate);
        ChatResult result =
            new ChatLoad(options, open.target(), open.accounts(), System.err, cluster).run();
        Report.print(System.out, "sweep: " + rate + " msgs/s", result.rows(), result);
        results.add(result);
      }
    }
    Map<String, String> rows = Report.rows();
    for (ChatResult r : results) {
      rows.put(
          String.format("%,d offered", r.offeredRate()),
          String.format(
              "%,.0f delivered/s, e2e ms %s", r.deliveredPerSecond(), r.endToEnd().compact()));
    }
    Report.print(System.out, "sweep", rows, results);
    if (chart != null) {
      Files.writeString(
          chart,
          LatencyChart.svg(
              results.stream()
                  .map(
                      r ->
                          new LatencyChart.Point(
                              r.offeredRate(), r.deliveredPerSecond(), r.endToEnd()))
                  .toList()));
      System.err.println("chart written to " + chart);
    }
    return results.stream()
            .allMatch(r -> r.lost() + r.duplicated() + r.outOfOrder() + r.outOfSeqOrder() == 0)
        ? 0
        : 1;
  }
}
