package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/** Where an artifact lives and how to tell its versions apart ({@code ArtifactSource}). */
public record ArtifactSource(String sourceUri, List<SourceType> sourceTypes) {
  /** {@code ArtifactSourceType}: e.g. {@code S3ETag} and the object's ETag. */
  public record SourceType(String sourceIdType, String value) {
    public SourceType {
      Objects.requireNonNull(sourceIdType, "sourceIdType");
      Objects.requireNonNull(value, "value");
    }
  }

  public ArtifactSource {
    Objects.requireNonNull(sourceUri, "sourceUri");
    sourceTypes = List.copyOf(sourceTypes);
  }
}
