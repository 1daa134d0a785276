package dev.stepwise.aggregate;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.MinuteSink;

/**
 * Builds epoch-aligned time buckets whose width is a whole number of minutes from a series' one-minute aggregates,
 * merged in ascending order; so a bucket's statistics are the same whether the store kept the minutes at ingest or
 * folded them from the points just now. Truncates like {@link AlignedBuckets} ({@link BucketSequence}).
 */
final class MinuteBuckets implements MinuteSink {
  private final BucketSequence sequence;

  MinuteBuckets(long width, int maxBuckets) {
    this.sequence = new BucketSequence(width, maxBuckets);
  }

  @Override
  public boolean accept(long minuteStartMs, BucketStats minute) {
    BucketStats bucket = sequence.bucketOf(minuteStartMs);
    if (bucket == null) {
      return false;
    }
    bucket.merge(minute); // into an empty bucket, a merge is a copy
    return true;
  }

  BucketedSeries result() {
    return sequence.result();
  }
}
