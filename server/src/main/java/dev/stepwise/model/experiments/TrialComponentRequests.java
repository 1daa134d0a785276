package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The requests of the trial component operations, decoded and within the model's constraints. */
public final class TrialComponentRequests {
  private TrialComponentRequests() {}

  /** {@code CreateTrialComponent}; every member but the name may be null (maps and lists: empty). */
  public record Create(
      String name, String displayName, Status status, Long startTimeMs, Long endTimeMs,
      Map<String, ParameterValue> parameters, Map<String, ArtifactValue> inputArtifacts,
      Map<String, ArtifactValue> outputArtifacts, MetadataProperties metadataProperties, List<Tag> tags) {
    public Create {
      Objects.requireNonNull(name, "name");
      parameters = Maps.ordered(parameters);
      inputArtifacts = Maps.ordered(inputArtifacts);
      outputArtifacts = Maps.ordered(outputArtifacts);
      tags = List.copyOf(tags);
    }
  }

  /**
   * {@code UpdateTrialComponent}: null members stay as they are; map entries are set by key (an omitted or empty map
   * changes nothing) and the keys of the {@code ...ToRemove} lists are removed.
   */
  public record Update(
      String name, String displayName, Status status, Long startTimeMs, Long endTimeMs,
      Map<String, ParameterValue> parameters, List<String> parametersToRemove,
      Map<String, ArtifactValue> inputArtifacts, List<String> inputArtifactsToRemove,
      Map<String, ArtifactValue> outputArtifacts, List<String> outputArtifactsToRemove) {
    public Update {
      Objects.requireNonNull(name, "name");
      parameters = Maps.ordered(parameters);
      parametersToRemove = List.copyOf(parametersToRemove);
      inputArtifacts = Maps.ordered(inputArtifacts);
      inputArtifactsToRemove = List.copyOf(inputArtifactsToRemove);
      outputArtifacts = Maps.ordered(outputArtifacts);
      outputArtifactsToRemove = List.copyOf(outputArtifactsToRemove);
    }
  }

  /** {@code ListTrialComponents}: ExperimentName, TrialName and SourceArn exclude each other. */
  public record ListFilter(String experimentName, String trialName, String sourceArn) {}
}
