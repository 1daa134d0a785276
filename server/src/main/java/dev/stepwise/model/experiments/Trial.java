package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/**
 * A trial (a run group in SageMaker Studio): a set of trial components within one experiment.
 *
 * @param experimentName the experiment's name as it was created (whatever case the request used)
 * @param displayName, source, metadataProperties may be null
 */
public record Trial(
    String name, String displayName, String experimentName, Source source, MetadataProperties metadataProperties,
    long creationTimeMs, long lastModifiedTimeMs, List<Tag> tags) implements Entity {
  public Trial {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(experimentName, "experimentName");
    tags = List.copyOf(tags);
  }

  @Override
  public EntityKind kind() {
    return EntityKind.TRIAL;
  }

  @Override
  public String key() {
    return Entity.keyOf(name);
  }

  @Override
  public Trial withTags(List<Tag> newTags, long nowMs) {
    return new Trial(name, displayName, experimentName, source, metadataProperties, creationTimeMs, nowMs, newTags);
  }
}
