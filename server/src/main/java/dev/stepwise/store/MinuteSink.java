package dev.stepwise.store;

import dev.stepwise.stats.BucketStats;

/** Receives a series' one-minute aggregates from {@link MetricStore#scanMinutes}, one minute at a time. */
@FunctionalInterface
public interface MinuteSink {
  /**
   * @param minuteStartMs the minute's start, a multiple of 60,000 ms since the epoch
   * @param stats the minute's aggregate; the sink may keep or mutate it, the store does not use it again
   * @return false to stop the scan early
   */
  boolean accept(long minuteStartMs, BucketStats stats);
}
