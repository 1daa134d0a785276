package dev.stepwise.store;

import dev.stepwise.stats.BucketStats;
import java.util.Comparator;
import java.util.List;

/**
 * The aggregate a store keeps for one series and minute, with its frontier: the greatest point folded in, in
 * canonical order ({@link Minutes}). Points after the frontier extend the aggregate exactly as a fold from scratch
 * would; a point before it means the minute must be folded again from its points.
 *
 * <p>Mutable, owned by one store writer.
 */
public final class MinuteAggregate {
  /** A stored point, as the writer knows it right after storing it. */
  public record StoredPoint(long timestampMs, int step, double value, long sequence) {}

  public static final Comparator<StoredPoint> CANONICAL =
      Comparator.comparingLong(StoredPoint::timestampMs)
          .thenComparingInt(StoredPoint::step)
          .thenComparingDouble(StoredPoint::value);

  private final BucketStats stats;
  private long frontierTimestampMs;
  private int frontierStep;
  private double frontierValue;

  public MinuteAggregate(BucketStats stats, long frontierTimestampMs, int frontierStep, double frontierValue) {
    this.stats = stats;
    this.frontierTimestampMs = frontierTimestampMs;
    this.frontierStep = frontierStep;
    this.frontierValue = frontierValue;
  }

  /** The aggregate of exactly these points (sorted here). */
  public static MinuteAggregate of(List<StoredPoint> points) {
    List<StoredPoint> sorted = points.stream().sorted(CANONICAL).toList();
    StoredPoint first = sorted.getFirst();
    MinuteAggregate aggregate = new MinuteAggregate(new BucketStats(), first.timestampMs(), first.step(), first.value());
    aggregate.fold(sorted);
    return aggregate;
  }

  /**
   * Folds the new points in if they all come after the frontier (the usual case: training logs forward in time)
   * and returns true; otherwise leaves the aggregate as it was and returns false, and the caller must fold the
   * minute again from its points.
   */
  public boolean extend(List<StoredPoint> newPoints) {
    List<StoredPoint> sorted = newPoints.stream().sorted(CANONICAL).toList();
    StoredPoint first = sorted.getFirst();
    if (!Minutes.isAfter(first.timestampMs(), first.step(), first.value(), frontierTimestampMs, frontierStep,
        frontierValue)) {
      return false;
    }
    fold(sorted);
    return true;
  }

  private void fold(List<StoredPoint> sorted) {
    for (StoredPoint p : sorted) {
      stats.add(p.timestampMs(), p.sequence(), p.value());
    }
    StoredPoint last = sorted.getLast();
    frontierTimestampMs = last.timestampMs();
    frontierStep = last.step();
    frontierValue = last.value();
  }

  public BucketStats stats() {
    return stats;
  }

  public long frontierTimestampMs() {
    return frontierTimestampMs;
  }

  public int frontierStep() {
    return frontierStep;
  }

  public double frontierValue() {
    return frontierValue;
  }
}
