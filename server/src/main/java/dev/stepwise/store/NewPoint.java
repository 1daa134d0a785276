package dev.stepwise.store;

import java.util.Objects;

/**
 * A validated point on its way into the store. Together with its batch's account, region and trial component it
 * is the point's identity: storing an equal point again is a no-op, which makes client retries idempotent.
 *
 * @param step the step, or {@link #NO_STEP} when the client sent none
 */
public record NewPoint(String metricName, long timestampMs, int step, double value) {
  public static final int NO_STEP = -1;

  public NewPoint {
    Objects.requireNonNull(metricName, "metricName");
    if (step < NO_STEP) {
      throw new IllegalArgumentException("step " + step + " is negative");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value " + value + " is not finite");
    }
    // -0.0 and 0.0 are one value to every store's point identity, and SQLite reads a stored -0.0 back as 0.0:
    // one spelling keeps aggregates folded at ingest equal to those folded from what was stored.
    value = value == 0.0 ? 0.0 : value;
  }

  public boolean hasStep() {
    return step != NO_STEP;
  }
}
