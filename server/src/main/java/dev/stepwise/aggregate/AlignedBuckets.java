package dev.stepwise.aggregate;

import dev.stepwise.stats.BucketStats;

import dev.stepwise.store.NewPoint;
import dev.stepwise.store.PointSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds aligned buckets (of time or of steps) from a scan that arrives in ascending order of the bucketed
 * coordinate, so a bucket is complete as soon as a point of the next one arrives.
 *
 * <p>Truncation is declared only when a point of bucket {@code maxBuckets + 1} is seen, and the scan stops there:
 * every returned bucket is whole, and a result with exactly {@code maxBuckets} buckets is complete.
 */
final class AlignedBuckets implements PointSink {
  private final boolean byStep;
  private final long width;
  private final int maxBuckets;
  private final List<Bucket> buckets = new ArrayList<>();
  private long currentStart;
  private BucketStats current;
  private boolean truncated;

  AlignedBuckets(boolean byStep, long width, int maxBuckets) {
    this.byStep = byStep;
    this.width = width;
    this.maxBuckets = maxBuckets;
  }

  @Override
  public boolean accept(long timestampMs, int step, double value, long sequence) {
    if (byStep && step == NewPoint.NO_STEP) {
      return true; // the store never passes these to a step scan; ignore them if one does
    }
    long coordinate = byStep ? step : timestampMs;
    long start = Math.floorDiv(coordinate, width) * width;
    if (current == null || start != currentStart) {
      if (current != null) {
        if (start < currentStart) {
          throw new IllegalStateException("scan went back from " + currentStart + " to " + start);
        }
        buckets.add(new Bucket(currentStart, currentStart, current));
        current = null;
      }
      if (buckets.size() == maxBuckets) {
        truncated = true;
        return false;
      }
      current = new BucketStats();
      currentStart = start;
    }
    current.add(timestampMs, sequence, value);
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
