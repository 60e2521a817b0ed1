package dev.parley.bench.report;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency distribution, in milliseconds. */
public record LatencySummary(
    long count, double p50, double p90, double p99, double p999, double max, double mean) {

  /** From a histogram recorded in microseconds. */
  public static LatencySummary ofMicros(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        h.getTotalCount(),
        ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(90)),
        ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)),
        ms(h.getMaxValue()),
        Math.round(h.getMean()) / 1000.0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  /** {@code p50/p90/p99/p99.9/max} in ms, for tables. */
  public String compact() {
    return String.format("%.2f / %.2f / %.2f / %.2f / %.2f", p50, p90, p99, p999, max);
  }
}
