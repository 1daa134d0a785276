package dev.stepwise.store.sqlite;

import java.time.Duration;

/**
 * When the writer folds the point log into blocks, kept minutes and series rows: once the unfolded groups hold
 * {@code points} points or number {@code groups}, or the oldest is {@code delay} old. Larger folds write fewer pages
 * per point (one block per series and minute for many groups); readers add the unfolded points from memory, so the
 * bounds also bound that work and the memory.
 */
record FoldPolicy(int points, int groups, Duration delay) {
  /** About a tenth of a second of ingest at full speed on a small machine, or a quarter of a second when slower. */
  static final FoldPolicy DEFAULT = new FoldPolicy(16_384, 1_024, Duration.ofMillis(250));

  /**
   * Before the next group and as soon as the writer is idle: reads mostly find everything in the tables (tests of the
   * folded path; a read right after an append may still race the idle fold).
   */
  static final FoldPolicy EVERY_GROUP = new FoldPolicy(1, 1, Duration.ZERO);

  /** Only when a task or close asks (tests of the unfolded path). */
  static final FoldPolicy ON_REQUEST = new FoldPolicy(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofDays(1));

  FoldPolicy {
    if (points < 1 || groups < 1 || delay.isNegative()) {
      throw new IllegalArgumentException("fold policy " + points + " points, " + groups + " groups, " + delay);
    }
  }

  boolean isDue(UnfoldedPoints unfolded, long nowNanos) {
    return !unfolded.isEmpty()
        && (unfolded.pointCount() >= points || unfolded.groupCount() >= groups || delayLeftNanos(unfolded, nowNanos) == 0);
  }

  /** How long until the oldest unfolded group is {@code delay} old; 0 when it is. Only when not empty. */
  long delayLeftNanos(UnfoldedPoints unfolded, long nowNanos) {
    return Math.max(0, unfolded.firstAddedNanos() + delay.toNanos() - nowNanos);
  }
}
