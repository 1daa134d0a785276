package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/**
 * An experiment: a group of trials compared with each other.
 *
 * @param displayName, description, source may be null
 */
public record Experiment(
    String name, String displayName, String description, Source source, long creationTimeMs,
    long lastModifiedTimeMs, List<Tag> tags) implements Entity {
  public Experiment {
    Objects.requireNonNull(name, "name");
    tags = List.copyOf(tags);
  }

  @Override
  public EntityKind kind() {
    return EntityKind.EXPERIMENT;
  }

  @Override
  public String key() {
    return Entity.keyOf(name);
  }

  @Override
  public Experiment withTags(List<Tag> newTags, long nowMs) {
    return new Experiment(name, displayName, description, source, creationTimeMs, nowMs, newTags);
  }
}
