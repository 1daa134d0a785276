package dev.stepwise.store.groupcommit;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import java.util.List;

/** Writes a group of batches in one transaction; called by the {@link WriteQueue}'s single thread only. */
public interface BatchWriter extends AutoCloseable {
  /**
   * Writes and commits the batches, or nothing of them.
   *
   * @return one list of outcomes per batch, in the batches' order
   * @throws Exception when the transaction did not commit; the queue fails every batch of the group
   */
  List<List<AppendOutcome>> write(List<AppendBatch> batches) throws Exception;

  /**
   * How long, in nanoseconds, the writer may wait for a batch before it wants {@link #idle} called: 0 for at once,
   * -1 (the default) for never.
   */
  default long idleDelayNanos() {
    return -1;
  }

  /**
   * Deferred work, done while nothing is queued (SQLite folds its log). A failure is logged and left for later:
   * nothing waits on it.
   */
  default void idle() throws Exception {}

  /** Releases the writer's resources; called once, on the queue's thread, after the last group. */
  @Override
  void close();
}
