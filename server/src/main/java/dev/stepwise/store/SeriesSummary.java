package dev.stepwise.store;

import java.util.Objects;

/**
 * What a listing shows of one series: its size, its time extent, its step extent and its last value.
 *
 * @param minStep the smallest step of its points, or {@link NewPoint#NO_STEP} when none has a step
 * @param maxStep the greatest step, or {@link NewPoint#NO_STEP}
 * @param lastValue the value of the point with the greatest timestamp, ties going to the one stored last (as
 *     {@code Last} in queries)
 */
public record SeriesSummary(
    String trialComponent,
    String metricName,
    long pointCount,
    long firstTimestampMs,
    long lastTimestampMs,
    int minStep,
    int maxStep,
    double lastValue) {
  public SeriesSummary {
    Objects.requireNonNull(trialComponent, "trialComponent");
    Objects.requireNonNull(metricName, "metricName");
  }

  public boolean hasSteps() {
    return minStep != NewPoint.NO_STEP;
  }
}
