package dev.stepwise.store;

import dev.stepwise.model.experiments.Artifact;
import dev.stepwise.model.experiments.ArtifactSource;
import dev.stepwise.model.experiments.ArtifactValue;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.MetadataProperties;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.PrimaryStatus;
import dev.stepwise.model.experiments.Source;
import dev.stepwise.model.experiments.Status;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An entity as the bytes a store keeps of it: a compact binary document, read back into the same record. The
 * stores keep the fields they search or order by in columns of their own beside it; everything else lives here, so
 * that a new member of the API is a new field of the format rather than a schema migration.
 *
 * <p>Format 1: a format byte, a kind byte ({@link #kindCode}), then the record's fields in declaration order. Strings are UTF-8 with a
 * length; a nullable field is preceded by a presence byte; maps and lists by their size.
 */
public final class EntityDocuments {
  private static final int FORMAT = 1;

  private EntityDocuments() {}

  public static byte[] encode(Entity entity) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeByte(kindCode(entity.kind()));
      switch (entity) {
        case Experiment e -> {
          string(out, e.name());
          nullable(out, e.displayName());
          nullable(out, e.description());
          source(out, e.source());
          times(out, e.creationTimeMs(), e.lastModifiedTimeMs());
          tags(out, e.tags());
        }
        case Trial t -> {
          string(out, t.name());
          nullable(out, t.displayName());
          string(out, t.experimentName());
          source(out, t.source());
          metadata(out, t.metadataProperties());
          times(out, t.creationTimeMs(), t.lastModifiedTimeMs());
          tags(out, t.tags());
        }
        case TrialComponent c -> {
          string(out, c.name());
          nullable(out, c.displayName());
          source(out, c.source());
          out.writeBoolean(c.status() != null);
          if (c.status() != null) {
            nullable(out, c.status().primaryStatus() == null ? null : c.status().primaryStatus().name());
            nullable(out, c.status().message());
          }
          nullableLong(out, c.startTimeMs());
          nullableLong(out, c.endTimeMs());
          times(out, c.creationTimeMs(), c.lastModifiedTimeMs());
          out.writeInt(c.parameters().size());
          for (Map.Entry<String, ParameterValue> p : c.parameters().entrySet()) {
            string(out, p.getKey());
            out.writeBoolean(p.getValue().isNumber());
            if (p.getValue().isNumber()) {
              out.writeDouble(p.getValue().numberValue());
            } else {
              string(out, p.getValue().stringValue());
            }
          }
          artifacts(out, c.inputArtifacts());
          artifacts(out, c.outputArtifacts());
          metadata(out, c.metadataProperties());
          tags(out, c.tags());
        }
        case Artifact a -> {
          string(out, a.id());
          nullable(out, a.name());
          string(out, a.type());
          string(out, a.source().sourceUri());
          out.writeInt(a.source().sourceTypes().size());
          for (ArtifactSource.SourceType type : a.source().sourceTypes()) {
            string(out, type.sourceIdType());
            string(out, type.value());
          }
          out.writeInt(a.properties().size());
          for (Map.Entry<String, String> p : a.properties().entrySet()) {
            string(out, p.getKey());
            string(out, p.getValue());
          }
          metadata(out, a.metadataProperties());
          times(out, a.creationTimeMs(), a.lastModifiedTimeMs());
          tags(out, a.tags());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** The number that stands for a kind, in documents and in the stores' {@code kind} columns. */
  public static int kindCode(EntityKind kind) {
    return switch (kind) {
      case EXPERIMENT -> 1;
      case TRIAL -> 2;
      case TRIAL_COMPONENT -> 3;
      case ARTIFACT -> 4;
    };
  }

  /** @throws IllegalStateException when the bytes are not a document of a known format */
  public static Entity decode(byte[] document) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(document))) {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalStateException("entity document of format " + format + ", this server reads " + FORMAT);
      }
      int kind = in.readUnsignedByte();
      return switch (kind) {
        case 1 -> new Experiment(string(in), nullable(in), nullable(in), source(in), in.readLong(), in.readLong(),
            tags(in));
        case 2 -> new Trial(string(in), nullable(in), string(in), source(in), metadata(in), in.readLong(),
            in.readLong(), tags(in));
        case 3 -> trialComponent(in);
        case 4 -> artifact(in);
        default -> throw new IllegalStateException("entity document of unknown kind " + kind);
      };
    } catch (IOException e) {
      throw new IllegalStateException("entity document cut short or corrupt: " + e, e);
    }
  }

  private static TrialComponent trialComponent(DataInputStream in) throws IOException {
    String name = string(in);
    String displayName = nullable(in);
    Source source = source(in);
    Status status = null;
    if (in.readBoolean()) {
      String primary = nullable(in);
      status = new Status(primary == null ? null : PrimaryStatus.valueOf(primary), nullable(in));
    }
    Long start = nullableLong(in);
    Long end = nullableLong(in);
    long created = in.readLong();
    long modified = in.readLong();
    Map<String, ParameterValue> parameters = new LinkedHashMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      String key = string(in);
      parameters.put(key, in.readBoolean() ? ParameterValue.of(in.readDouble()) : ParameterValue.of(string(in)));
    }
    Map<String, ArtifactValue> inputs = artifacts(in);
    Map<String, ArtifactValue> outputs = artifacts(in);
    return new TrialComponent(name, displayName, source, status, start, end, created, modified, parameters, inputs,
        outputs, metadata(in), tags(in));
  }

  private static Artifact artifact(DataInputStream in) throws IOException {
    String id = string(in);
    String name = nullable(in);
    String type = string(in);
    String uri = string(in);
    List<ArtifactSource.SourceType> types = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      types.add(new ArtifactSource.SourceType(string(in), string(in)));
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      properties.put(string(in), string(in));
    }
    MetadataProperties metadata = metadata(in);
    return new Artifact(id, name, type, new ArtifactSource(uri, types), properties, metadata, in.readLong(),
        in.readLong(), tags(in));
  }

  private static void string(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String string(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("a string of " + length + " bytes where " + in.available() + " are left");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void nullable(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      string(out, value);
    }
  }

  private static String nullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? string(in) : null;
  }

  private static void nullableLong(DataOutputStream out, Long value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value);
    }
  }

  private static Long nullableLong(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }

  private static void times(DataOutputStream out, long created, long modified) throws IOException {
    out.writeLong(created);
    out.writeLong(modified);
  }

  private static void source(DataOutputStream out, Source source) throws IOException {
    out.writeBoolean(source != null);
    if (source != null) {
      string(out, source.arn());
      nullable(out, source.type());
    }
  }

  private static Source source(DataInputStream in) throws IOException {
    return in.readBoolean() ? new Source(string(in), nullable(in)) : null;
  }

  private static void metadata(DataOutputStream out, MetadataProperties metadata) throws IOException {
    out.writeBoolean(metadata != null);
    if (metadata != null) {
      nullable(out, metadata.commitId());
      nullable(out, metadata.repository());
      nullable(out, metadata.generatedBy());
      nullable(out, metadata.projectId());
    }
  }

  private static MetadataProperties metadata(DataInputStream in) throws IOException {
    return in.readBoolean() ? new MetadataProperties(nullable(in), nullable(in), nullable(in), nullable(in)) : null;
  }

  private static void tags(DataOutputStream out, List<Tag> tags) throws IOException {
    out.writeInt(tags.size());
    for (Tag tag : tags) {
      string(out, tag.key());
      string(out, tag.value());
    }
  }

  private static List<Tag> tags(DataInputStream in) throws IOException {
    List<Tag> tags = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      tags.add(new Tag(string(in), string(in)));
    }
    return tags;
  }

  private static void artifacts(DataOutputStream out, Map<String, ArtifactValue> artifacts) throws IOException {
    out.writeInt(artifacts.size());
    for (Map.Entry<String, ArtifactValue> a : artifacts.entrySet()) {
      string(out, a.getKey());
      string(out, a.getValue().value());
      nullable(out, a.getValue().mediaType());
    }
  }

  private static Map<String, ArtifactValue> artifacts(DataInputStream in) throws IOException {
    Map<String, ArtifactValue> artifacts = new LinkedHashMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      artifacts.put(string(in), new ArtifactValue(string(in), nullable(in)));
    }
    return artifacts;
  }
}
