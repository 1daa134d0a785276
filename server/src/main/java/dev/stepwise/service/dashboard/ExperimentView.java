package dev.stepwise.service.dashboard;

import dev.stepwise.model.experiments.Experiment;
import java.util.Objects;

/**
 * An experiment as the experiments page lists it.
 *
 * @param runCount the trial components in any of its trials, each once
 * @param lastActivityMs the latest of its own and its runs' {@code lastModifiedTime} and of their latest points
 */
public record ExperimentView(Experiment experiment, long runCount, long lastActivityMs) {
  public ExperimentView {
    Objects.requireNonNull(experiment, "experiment");
  }
}
