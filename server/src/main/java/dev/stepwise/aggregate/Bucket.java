package dev.stepwise.aggregate;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.stats.Stat;

import java.util.Objects;

/**
 * One non-empty bucket of a result.
 *
 * @param start where the bucket begins on the axis that was scanned: the epoch-aligned start in ms of a time bucket,
 *     the first step of a step bucket, or the step of a step bucket placed on the time axis
 * @param x the value reported on the x-axis: {@code start}, except for steps on the time axis, where it is the
 *     latest timestamp among the step's points
 * @param stats the bucket's statistics; owned by this bucket, do not mutate
 */
public record Bucket(long start, long x, BucketStats stats) {
  public Bucket {
    Objects.requireNonNull(stats, "stats");
    if (stats.count() == 0) {
      throw new IllegalArgumentException("bucket at " + start + " is empty");
    }
  }

  public double value(Stat stat) {
    return stats.value(stat);
  }
}
