package dev.stepwise.service;

/** Told what became of the items of every {@code BatchPutMetrics} that reached the store: for the server's metrics. */
@FunctionalInterface
public interface IngestObserver {
  IngestObserver NONE = (stored, duplicates, invalid, overLimit) -> {};

  /**
   * @param stored points newly stored
   * @param duplicates points equal to one already stored (retries), accepted and not stored again
   * @param invalid items refused with VALIDATION_ERROR
   * @param overLimit items refused with METRIC_LIMIT_EXCEEDED
   */
  void observed(int stored, int duplicates, int invalid, int overLimit);
}
