package dev.parley.bench.groups;

/**
 * The load of a fan-out run: {@code rate} messages per second in total for {@code warmupSeconds}
 * (not measured) then {@code seconds} (measured), then up to {@code drainSeconds} for the last
 * deliveries; bodies of {@code bodyBytes}; receipts as online members report them.
 */
record FanOutPlan(
    double rate,
    double warmupSeconds,
    double seconds,
    double drainSeconds,
    int bodyBytes,
    Receipts receipts) {

  /** How many messages the run sends. */
  int messages() {
    return (int) Math.ceil(rate * (warmupSeconds + seconds));
  }
}
