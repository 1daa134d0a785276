package dev.stepwise.store;

import dev.stepwise.stats.BucketStats;
import java.util.Comparator;
import java.util.List;

/**
 * The aggregate a store keeps for one series and minute ({@link Minutes}), with the greatest store sequence folded
 * in. Stores hand out sequences in the order they store a series' points, so new points come after every point
 * already folded, and folding them extends the aggregate exactly as a fold from scratch would.
 *
 * <p>Mutable, owned by one store writer.
 */
public final class MinuteAggregate {
  /** A stored point, as the writer knows it right after storing it. */
  public record StoredPoint(long timestampMs, int step, double value, long sequence) {}

  static final Comparator<StoredPoint> BY_SEQUENCE = Comparator.comparingLong(StoredPoint::sequence);

  private final BucketStats stats;
  private long maxSequence;

  public MinuteAggregate(BucketStats stats, long maxSequence) {
    this.stats = stats;
    this.maxSequence = maxSequence;
  }

  /** The aggregate of exactly these points, one minute's (folded in sequence order). */
  public static MinuteAggregate of(List<StoredPoint> points) {
    MinuteAggregate aggregate = new MinuteAggregate(new BucketStats(), Long.MIN_VALUE);
    aggregate.fold(points.stream().sorted(BY_SEQUENCE).toList());
    return aggregate;
  }

  /**
   * Folds the new points in and returns true if they all come after every point folded so far, as they do when the
   * store assigns sequences in storing order; otherwise leaves the aggregate as it was and returns false, and the
   * caller must fold the minute again from its points.
   */
  public boolean extend(List<StoredPoint> newPoints) {
    List<StoredPoint> sorted = newPoints.stream().sorted(BY_SEQUENCE).toList();
    if (sorted.getFirst().sequence() <= maxSequence) {
      return false;
    }
    fold(sorted);
    return true;
  }

  private void fold(List<StoredPoint> sorted) {
    for (StoredPoint p : sorted) {
      stats.add(p.timestampMs(), p.sequence(), p.value());
    }
    maxSequence = Math.max(maxSequence, sorted.getLast().sequence());
  }

  public BucketStats stats() {
    return stats;
  }

  public long maxSequence() {
    return maxSequence;
  }
}
