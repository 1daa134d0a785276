package dev.stepwise.store;

/** Receives points from a scan, one at a time, without materialising them. */
@FunctionalInterface
public interface PointSink {
  /**
   * @param step the point's step, or {@link NewPoint#NO_STEP}
   * @param sequence increases with the order in which points were stored; breaks ties for {@code Last}
   * @return false to stop the scan early
   */
  boolean accept(long timestampMs, int step, double value, long sequence);
}
