package dev.parley.bench.load;

/**
 * One chat run's shape. {@code rate} 0 means closed loop: each sender keeps {@code window} messages
 * in flight. With a rate, senders follow a schedule (open loop) and {@code window} only caps what
 * is in flight; latencies are then measured from the scheduled send time, so a stalled server
 * cannot hide its stall by slowing the load down (no coordinated omission).
 */
public record ChatOptions(
    int pairs,
    int devices,
    int window,
    int rate,
    double warmupSeconds,
    double durationSeconds,
    double drainSeconds,
    int bodyBytes,
    int clientThreads,
    String handlePrefix) {

  public ChatOptions {
    if (pairs < 1 || devices < 1 || window < 1 || rate < 0 || bodyBytes < 40) {
      throw new IllegalArgumentException("pairs, devices, window ≥ 1, rate ≥ 0, body ≥ 40 bytes");
    }
  }

  /** Devices that receive each message: the recipient's, plus the sender's other devices. */
  int receivingDevicesPerPair() {
    return 2 * devices - 1;
  }

  ChatOptions withRate(int newRate) {
    return new ChatOptions(
        pairs,
        devices,
        window,
        newRate,
        warmupSeconds,
        durationSeconds,
        drainSeconds,
        bodyBytes,
        clientThreads,
        handlePrefix);
  }
}
