package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A lineage artifact ({@code CreateArtifact}): a file or dataset, identified by its source URI, that trial
 * components can be associated with.
 *
 * @param id the last part of its ARN, derived from the source URI (see {@link Arns#artifactId})
 * @param name, metadataProperties may be null
 */
public record Artifact(
    String id, String name, String type, ArtifactSource source, Map<String, String> properties,
    MetadataProperties metadataProperties, long creationTimeMs, long lastModifiedTimeMs, List<Tag> tags)
    implements Entity {
  public Artifact {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    properties = Maps.ordered(properties);
    tags = List.copyOf(tags);
  }

  @Override
  public EntityKind kind() {
    return EntityKind.ARTIFACT;
  }

  @Override
  public String key() {
    return id;
  }

  @Override
  public Artifact withTags(List<Tag> newTags, long nowMs) {
    return new Artifact(id, name, type, source, properties, metadataProperties, creationTimeMs, nowMs, newTags);
  }
}
