package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/** One result of {@code Search}: a record of the resource searched, with what the API shows beside it. */
public sealed interface SearchRecord {
  record OfExperiment(Experiment experiment) implements SearchRecord {
    public OfExperiment {
      Objects.requireNonNull(experiment, "experiment");
    }
  }

  /** A trial with its trial components ({@code TrialComponentSummaries}). */
  record OfTrial(Trial trial, List<TrialComponent> components) implements SearchRecord {
    public OfTrial {
      Objects.requireNonNull(trial, "trial");
      components = List.copyOf(components);
    }
  }

  /** A trial component with its metric summaries and the trials it belongs to. */
  record OfTrialComponent(TrialComponent component, List<MetricSummary> metrics, List<Parent> parents)
      implements SearchRecord {
    public OfTrialComponent {
      Objects.requireNonNull(component, "component");
      metrics = List.copyOf(metrics);
      parents = List.copyOf(parents);
    }
  }
}
