package dev.stepwise.aggregate;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.MinuteSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds epoch-aligned time buckets whose width is a whole number of minutes from a series' one-minute aggregates,
 * merged in ascending order; so a bucket's statistics are the same whether the store kept the minutes at ingest or
 * folded them from the points just now. Truncates like {@link AlignedBuckets}: only when a minute of bucket
 * {@code maxBuckets + 1} arrives, so every returned bucket is whole.
 */
final class MinuteBuckets implements MinuteSink {
  private final long width;
  private final int maxBuckets;
  private final List<Bucket> buckets = new ArrayList<>();
  private long currentStart;
  private BucketStats current;
  private boolean truncated;

  MinuteBuckets(long width, int maxBuckets) {
    this.width = width;
    this.maxBuckets = maxBuckets;
  }

  @Override
  public boolean accept(long minuteStartMs, BucketStats minute) {
    long start = Math.floorDiv(minuteStartMs, width) * width;
    if (current == null || start != currentStart) {
      if (current != null) {
        if (start < currentStart) {
          throw new IllegalStateException("minutes went back from " + currentStart + " to " + start);
        }
        buckets.add(new Bucket(currentStart, currentStart, current));
        current = null;
      }
      if (buckets.size() == maxBuckets) {
        truncated = true;
        return false;
      }
      currentStart = start;
      current = minute; // the store hands it over; merging into an empty accumulator would copy it anyway
      return true;
    }
    current.merge(minute);
    return true;
  }

  BucketedSeries result() {
    if (truncated) {
      return BucketedSeries.truncated(buckets, buckets.getLast().start() + width);
    }
    if (current != null) {
      buckets.add(new Bucket(currentStart, currentStart, current));
      current = null;
    }
    return BucketedSeries.complete(buckets);
  }
}
