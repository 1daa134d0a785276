package dev.stepwise.aggregate;

import dev.stepwise.stats.BucketStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned buckets filled in ascending order of their start, so a bucket is complete as soon as something for the
 * next one arrives. Truncation is declared only when something for bucket {@code maxBuckets + 1} arrives: every
 * returned bucket is whole, and a result with exactly {@code maxBuckets} buckets is complete.
 */
final class BucketSequence {
  private final long width;
  private final int maxBuckets;
  private final List<Bucket> buckets = new ArrayList<>();
  private long currentStart;
  private BucketStats current;
  private boolean truncated;

  BucketSequence(long width, int maxBuckets) {
    this.width = width;
    this.maxBuckets = maxBuckets;
  }

  /** The accumulator of the bucket holding {@code coordinate}, or null once the limit is passed (stop reading). */
  BucketStats bucketOf(long coordinate) {
    long start = Math.floorDiv(coordinate, width) * width;
    if (current != null && start == currentStart) {
      return current;
    }
    if (current != null) {
      if (start < currentStart) {
        throw new IllegalStateException("scan went back from " + currentStart + " to " + start);
      }
      buckets.add(new Bucket(currentStart, currentStart, current));
      current = null;
    }
    if (buckets.size() == maxBuckets) {
      truncated = true;
      return null;
    }
    currentStart = start;
    current = new BucketStats();
    return current;
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
