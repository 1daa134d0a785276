package dev.stepwise.service.dashboard;

import java.util.List;

/** The parameter and metric names that some run of a set has, each sorted. */
public record RunNames(List<String> parameters, List<String> metrics) {
  public RunNames {
    parameters = List.copyOf(parameters);
    metrics = List.copyOf(metrics);
  }
}
