package dev.parley.cluster.redis;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Waits for a Redis reply, only where the caller runs on a worker thread (Lettuce's command timeout
 * bounds it).
 */
final class Await {
  private Await() {}

  static <T> T result(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
