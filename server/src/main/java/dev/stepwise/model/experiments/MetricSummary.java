package dev.stepwise.model.experiments;

import java.util.Objects;

/**
 * One metric of a trial component over all its points ({@code TrialComponentMetricSummary}).
 *
 * @param timestampMs the greatest timestamp among its points
 * @param last the value of the point with the greatest timestamp (ties: the one stored last), as {@code Last}
 * @param stdDev the sample standard deviation, 0 for a single point, as {@code StdDev} of {@code BatchGetMetrics}
 */
public record MetricSummary(
    String metricName, long timestampMs, double min, double max, double last, long count, double avg,
    double stdDev) {
  public MetricSummary {
    Objects.requireNonNull(metricName, "metricName");
  }
}
