package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trial component (a run in SageMaker Studio): one stage of training, with its hyperparameters, artifacts,
 * status and times. Its metrics live in the metrics store under its name in lower case.
 *
 * @param displayName, source, status, startTimeMs, endTimeMs, metadataProperties may be null
 * @param parameters, inputArtifacts, outputArtifacts in the order their keys were first set
 */
public record TrialComponent(
    String name, String displayName, Source source, Status status, Long startTimeMs, Long endTimeMs,
    long creationTimeMs, long lastModifiedTimeMs, Map<String, ParameterValue> parameters,
    Map<String, ArtifactValue> inputArtifacts, Map<String, ArtifactValue> outputArtifacts,
    MetadataProperties metadataProperties, List<Tag> tags) implements Entity {
  public TrialComponent {
    Objects.requireNonNull(name, "name");
    parameters = Maps.ordered(parameters);
    inputArtifacts = Maps.ordered(inputArtifacts);
    outputArtifacts = Maps.ordered(outputArtifacts);
    tags = List.copyOf(tags);
  }

  /** What {@code BatchPutMetrics} creates for a name it has not seen: a name and a creation time, nothing else. */
  public static TrialComponent implicit(String name, long nowMs) {
    return new TrialComponent(name, null, null, null, null, null, nowMs, nowMs, Map.of(), Map.of(), Map.of(), null,
        List.of());
  }

  @Override
  public EntityKind kind() {
    return EntityKind.TRIAL_COMPONENT;
  }

  @Override
  public String key() {
    return Entity.keyOf(name);
  }

  @Override
  public TrialComponent withTags(List<Tag> newTags, long nowMs) {
    return new TrialComponent(name, displayName, source, status, startTimeMs, endTimeMs, creationTimeMs, nowMs,
        parameters, inputArtifacts, outputArtifacts, metadataProperties, newTags);
  }
}
