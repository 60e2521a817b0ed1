package dev.parley.core.log;

import java.util.List;

/**
 * Receives committed events in commit order, a batch at a time, on the log's own thread: never
 * block.
 */
@FunctionalInterface
public interface CommitListener {
  void committed(List<Committed> batch);
}
