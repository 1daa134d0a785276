package dev.stepwise.model.experiments;

import java.util.Objects;

/** An input or output artifact of a trial component ({@code TrialComponentArtifact}): a location, often S3's. */
public record ArtifactValue(String value, String mediaType) {
  public ArtifactValue {
    Objects.requireNonNull(value, "value");
  }
}
