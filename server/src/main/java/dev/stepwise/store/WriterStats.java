package dev.stepwise.store;

/**
 * What a store's writer has done since start, for the server's own metrics: monotonic counts and a gauge.
 *
 * @param queued requests waiting for the writer now
 * @param transactions group commits that succeeded
 * @param batches requests those commits carried
 * @param commitNanos time spent writing and committing them
 * @param failedTransactions group commits that failed (every request in them was answered 503)
 */
public record WriterStats(long queued, long transactions, long batches, long commitNanos, long failedTransactions) {
  /** A store without a queued writer. */
  public static final WriterStats NONE = new WriterStats(0, 0, 0, 0, 0);
}
