package dev.stepwise.service.dashboard;

import java.util.List;

/**
 * Every experiment of a partition, most recent activity first (then by name), and the runs in no trial.
 *
 * @param unassignedLastActivityMs null when no run is in no trial
 */
public record ExperimentsOverview(List<ExperimentView> experiments, long unassignedRuns, Long unassignedLastActivityMs) {
  public ExperimentsOverview {
    experiments = List.copyOf(experiments);
  }
}
