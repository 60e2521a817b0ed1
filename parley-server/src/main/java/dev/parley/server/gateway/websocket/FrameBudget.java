package dev.parley.server.gateway.websocket;

import dev.parley.server.config.Rate;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * A connection's allowance of frames that the server answers with an error without serving them.
 * Each such frame is cheap, but a client that sends them without end keeps a thread busy parsing
 * and replying: past the allowance the connection is closed. The bucket is made on first use, as
 * most connections never send one.
 */
final class FrameBudget {
  private final Rate rate;
  private Bucket bucket;

  FrameBudget(Rate rate) {
    this.rate = rate;
  }

  /** Takes one frame from the allowance; false once it is spent. */
  boolean spend() {
    if (bucket == null) {
      bucket =
          Bucket.builder()
              .addLimit(
                  Bandwidth.builder()
                      .capacity(rate.burst())
                      .refillGreedy(rate.perSecond(), Duration.ofSeconds(1))
                      .build())
              .build();
    }
    return bucket.tryConsume(1);
  }
}
