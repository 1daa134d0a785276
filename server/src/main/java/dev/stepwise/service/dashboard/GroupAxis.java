package dev.stepwise.service.dashboard;

/** The x-axis that runs are grouped along: steps, or milliseconds since each run's first point of the metric. */
public enum GroupAxis {
  STEP,
  RELATIVE
}
