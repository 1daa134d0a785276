package dev.stepwise.model;

import java.util.List;

/** A {@code BatchPutMetrics} request whose envelope is valid (name pattern, 1..10 items). */
public record PutMetricsCommand(String trialComponentName, List<RawMetric> metricData) {
  public PutMetricsCommand {
    metricData = List.copyOf(metricData);
  }
}
