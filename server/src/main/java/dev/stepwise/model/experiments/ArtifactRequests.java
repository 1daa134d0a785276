package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The lineage requests the SDK's curve helpers send, decoded and within the model's constraints. */
public final class ArtifactRequests {
  private ArtifactRequests() {}

  /** {@code CreateArtifact}; name and metadataProperties may be null. */
  public record Create(
      String name, ArtifactSource source, String type, Map<String, String> properties,
      MetadataProperties metadataProperties, List<Tag> tags) {
    public Create {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(type, "type");
      properties = Maps.ordered(properties);
      tags = List.copyOf(tags);
    }
  }

  /** {@code AddAssociation}; type may be null. */
  public record AddAssociation(String sourceArn, String destinationArn, String type) {
    public AddAssociation {
      Objects.requireNonNull(sourceArn, "sourceArn");
      Objects.requireNonNull(destinationArn, "destinationArn");
    }
  }
}
