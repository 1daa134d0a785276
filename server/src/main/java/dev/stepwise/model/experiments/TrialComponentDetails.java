package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/** What {@code DescribeTrialComponent} answers: the trial component and a summary of each of its metrics. */
public record TrialComponentDetails(TrialComponent component, List<MetricSummary> metrics) {
  public TrialComponentDetails {
    Objects.requireNonNull(component, "component");
    metrics = List.copyOf(metrics);
  }
}
