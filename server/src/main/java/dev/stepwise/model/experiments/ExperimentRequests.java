package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/** The requests of the experiment operations, decoded and within the model's constraints. */
public final class ExperimentRequests {
  private ExperimentRequests() {}

  /** {@code CreateExperiment}; displayName and description may be null. */
  public record Create(String name, String displayName, String description, List<Tag> tags) {
    public Create {
      Objects.requireNonNull(name, "name");
      tags = List.copyOf(tags);
    }
  }

  /** {@code UpdateExperiment}: a null member stays as it is. */
  public record Update(String name, String displayName, String description) {
    public Update {
      Objects.requireNonNull(name, "name");
    }
  }
}
