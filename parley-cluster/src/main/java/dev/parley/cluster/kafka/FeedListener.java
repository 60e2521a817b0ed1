package dev.parley.cluster.kafka;

import dev.parley.core.log.Committed;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Hears the events a feed writer stored, a batch at a time, in position order, on the writer's
 * thread (it may block briefly, never for long).
 */
@FunctionalInterface
public interface FeedListener {
  /**
   * Pushes the batch to the devices that are online; completes once the pushes have left this node.
   * Only then may the batch's offsets be committed: a successor pushes again only what comes after
   * them.
   */
  CompletionStage<?> written(List<Committed> batch);
}
