package dev.stepwise.aggregate;

import dev.stepwise.stats.BucketStats;

import dev.stepwise.store.NewPoint;
import dev.stepwise.store.PointSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one bucket per step from a time scan; x is the latest timestamp among the step's points.
 *
 * <p>Where to cut a truncated result: the continuation is a time range starting at {@code nextStart}, so a cut is
 * clean only if every returned step has all its points before {@code nextStart} and every other step has all its
 * points at or after it. With buckets sorted by x, returning the first k with {@code nextStart = x[k-1] + 1} is
 * clean exactly when no later bucket has a point at or before {@code x[k-1]}. The largest clean
 * {@code k <= maxBuckets} is chosen. When steps advance with time (as in training), that is {@code maxBuckets}, or
 * a little less when the next step shares a millisecond with the last one returned.
 * When steps interleave so much in time that no clean cut exists, the first {@code maxBuckets} are returned and
 * the steps that straddle the cut are reported by the continuation with only their later points.
 */
final class StepsOnTimeAxis implements PointSink {
  private static final class Step {
    final int step;
    final BucketStats stats = new BucketStats();
    long firstTimestampMs = Long.MAX_VALUE;

    Step(int step) {
      this.step = step;
    }

    long x() {
      return stats.lastTimestampMs();
    }
  }

  private static final Comparator<Step> BY_X_THEN_STEP =
      Comparator.comparingLong(Step::x).thenComparingInt(s -> s.step);

  private final Map<Integer, Step> steps = new HashMap<>();

  @Override
  public boolean accept(long timestampMs, int step, double value, long sequence) {
    if (step == NewPoint.NO_STEP) {
      return true;
    }
    Step acc = steps.computeIfAbsent(step, Step::new);
    acc.stats.add(timestampMs, sequence, value);
    acc.firstTimestampMs = Math.min(acc.firstTimestampMs, timestampMs);
    return true;
  }

  BucketedSeries result(int maxBuckets) {
    List<Step> sorted = new ArrayList<>(steps.values());
    sorted.sort(BY_X_THEN_STEP);
    int cut = sorted.size() <= maxBuckets ? sorted.size() : cleanCut(sorted, maxBuckets);
    List<Bucket> buckets = new ArrayList<>(cut);
    for (Step s : sorted.subList(0, cut)) {
      buckets.add(new Bucket(s.step, s.x(), s.stats));
    }
    if (cut == sorted.size()) {
      return BucketedSeries.complete(buckets);
    }
    return BucketedSeries.truncated(buckets, buckets.getLast().x() + 1);
  }

  /** The largest k <= maxBuckets such that no step from k on has a point at or before step k-1's x. */
  private static int cleanCut(List<Step> sorted, int maxBuckets) {
    long earliestAfter = Long.MAX_VALUE; // the earliest first timestamp among sorted[k..]
    for (int i = sorted.size() - 1; i >= maxBuckets; i--) {
      earliestAfter = Math.min(earliestAfter, sorted.get(i).firstTimestampMs);
    }
    for (int k = maxBuckets; k >= 1; k--) {
      if (earliestAfter > sorted.get(k - 1).x()) {
        return k;
      }
      earliestAfter = Math.min(earliestAfter, sorted.get(k - 1).firstTimestampMs);
    }
    return maxBuckets; // no clean cut: see the class comment
  }
}
