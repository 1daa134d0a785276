package dev.stepwise.service.dashboard;

import dev.stepwise.aggregate.Bucket;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.stats.Stat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the bucketed series of a group's runs into the group's curve. Every run is bucketed over the same range with
 * the same width and alignment, so a bucket's start names the same slot in every run; a run's value in a bucket is
 * its points' average there ({@code Avg}), and the slot's statistics across runs are kept as one more
 * {@link BucketStats} (Welford's mean and M2, min, max), fed one run value at a time. A run that has no point in a
 * bucket adds nothing to it: the mean and the band at each x use exactly the runs that reach it, and the count
 * says how many those are. Not thread-safe.
 */
final class GroupCurves {
  private final long firstStart;
  private final long width;
  private final int slotCount;
  /** The statistics across runs of each slot some run has reached, by slot: as much as the curve will hold. */
  private final TreeMap<Integer, BucketStats> slots = new TreeMap<>();

  /**
   * @param firstStart the start of the first bucket of the range (aligned to the width)
   * @param slotCount how many buckets the range spans
   */
  GroupCurves(long firstStart, long width, int slotCount) {
    if (width < 1 || slotCount < 0) {
      throw new IllegalArgumentException("width " + width + " and slot count " + slotCount);
    }
    this.firstStart = firstStart;
    this.width = width;
    this.slotCount = slotCount;
  }

  /** One run's buckets, each starting at {@code firstStart} plus a whole number of widths. */
  void add(List<Bucket> run) {
    for (Bucket bucket : run) {
      long offset = bucket.start() - firstStart;
      if (offset < 0 || offset % width != 0 || offset / width >= slotCount) {
        throw new IllegalArgumentException("bucket at " + bucket.start() + " is no slot of " + firstStart + " + k * "
            + width + " (k < " + slotCount + ")");
      }
      slots.computeIfAbsent((int) (offset / width), slot -> new BucketStats()).add(0, 0, bucket.value(Stat.Avg));
    }
  }

  GroupCurve curve() {
    int n = slots.size();
    GroupCurve curve = new GroupCurve(new long[n], new double[n], new double[n], new double[n], new double[n],
        new long[n]);
    int i = 0;
    for (Map.Entry<Integer, BucketStats> slot : slots.entrySet()) {
      BucketStats runs = slot.getValue();
      curve.x()[i] = firstStart + slot.getKey() * width;
      curve.mean()[i] = runs.mean();
      curve.min()[i] = runs.min();
      curve.max()[i] = runs.max();
      curve.stdDev()[i] = runs.stdDev();
      curve.runs()[i] = runs.count();
      i++;
    }
    return curve;
  }
}
