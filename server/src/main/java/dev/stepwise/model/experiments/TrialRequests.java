package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/** The requests of the trial operations, decoded and within the model's constraints. */
public final class TrialRequests {
  private TrialRequests() {}

  /** {@code CreateTrial}; displayName and metadataProperties may be null. */
  public record Create(
      String name, String displayName, String experimentName, MetadataProperties metadataProperties,
      List<Tag> tags) {
    public Create {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(experimentName, "experimentName");
      tags = List.copyOf(tags);
    }
  }

  /** {@code UpdateTrial}: a null display name stays as it is. */
  public record Update(String name, String displayName) {
    public Update {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code ListTrials}: at most one of the two filters. */
  public record ListFilter(String experimentName, String trialComponentName) {}

  /** {@code AssociateTrialComponent} and {@code DisassociateTrialComponent}. */
  public record Membership(String trialComponentName, String trialName) {
    public Membership {
      Objects.requireNonNull(trialComponentName, "trialComponentName");
      Objects.requireNonNull(trialName, "trialName");
    }
  }
}
