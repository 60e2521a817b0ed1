package dev.parley.server.config;

/**
 * A per-device token bucket as an operator writes it: {@code 50/200} is 50 per second sustained,
 * bursts of up to 200. A single number is both.
 */
public record Rate(int perSecond, int burst) {

  public Rate {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("a rate and its burst are at least 1");
    }
  }

  static Rate parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(text);
    }
    return new Rate(
        Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[parts.length - 1].trim()));
  }

  @Override
  public String toString() {
    return perSecond + "/" + burst;
  }
}
