package dev.stepwise.aggregate;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.PointSink;

/**
 * Builds aligned buckets (of time or of steps) from a scan that arrives in ascending order of the bucketed
 * coordinate; the scan stops at the first point past the bucket limit ({@link BucketSequence}).
 */
final class AlignedBuckets implements PointSink {
  private final boolean byStep;
  private final long origin;
  private final BucketSequence sequence;

  AlignedBuckets(boolean byStep, long width, int maxBuckets) {
    this(byStep, 0, width, maxBuckets);
  }

  /** @param origin what is subtracted from each coordinate first: buckets are aligned to it, and start from it */
  AlignedBuckets(boolean byStep, long origin, long width, int maxBuckets) {
    this.byStep = byStep;
    this.origin = origin;
    this.sequence = new BucketSequence(width, maxBuckets);
  }

  @Override
  public boolean accept(long timestampMs, int step, double value, long sequenceNumber) {
    if (byStep && step == NewPoint.NO_STEP) {
      return true; // the store never passes these to a step scan; ignore them if one does
    }
    BucketStats bucket = sequence.bucketOf((byStep ? step : timestampMs) - origin);
    if (bucket == null) {
      return false;
    }
    bucket.add(timestampMs, sequenceNumber, value);
    return true;
  }

  BucketedSeries result() {
    return sequence.result();
  }
}
