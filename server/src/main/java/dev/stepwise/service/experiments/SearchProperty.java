package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.model.experiments.ArtifactValue;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.Source;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.stats.Stat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A property of a searched record, by the name {@code Search} uses for it ({@code Parameters.lr},
 * {@code Metrics.loss.Min}, {@code Parents.ExperimentName}...): its values in a row (none when the record lacks it,
 * several for the list properties), and how they compare.
 *
 * @param type how values compare: names regardless of case, text exactly, numbers and times by value; a parameter
 *     is a number or a text, whichever it holds
 * @param needsDocument, needsParents, needsMembers what the row must carry (the entity itself, a trial component's
 *     parents, a trial's members); metric is the metric whose statistics it must carry
 */
record SearchProperty(
    String name, Type type, Function<SearchRow, List<Object>> values, boolean needsDocument, boolean needsParents,
    boolean needsMembers, String metric) {

  enum Type {
    NAME,
    TEXT,
    NUMBER,
    TIME,
    PARAMETER
  }

  private static final String TRIAL_COMPONENT_PROPERTIES =
      "TrialComponentName, DisplayName, Status.PrimaryStatus, Status.Message, StartTime, EndTime, CreationTime,"
          + " LastModifiedTime, Source.SourceArn, Source.SourceType, Parameters.<name>, InputArtifacts.<name>.Value,"
          + " OutputArtifacts.<name>.Value, Metrics.<name>.<Min|Max|Avg|Last|Count|StdDev>, Tags.<key>,"
          + " Parents.TrialName, Parents.ExperimentName";
  private static final String TRIAL_PROPERTIES =
      "TrialName, DisplayName, ExperimentName, CreationTime, LastModifiedTime, Source.SourceArn, Source.SourceType,"
          + " Tags.<key>, TrialComponentSummaries.TrialComponentName";
  private static final String EXPERIMENT_PROPERTIES =
      "ExperimentName, DisplayName, Description, CreationTime, LastModifiedTime, Source.SourceArn,"
          + " Source.SourceType, Tags.<key>";

  /**
   * @throws ApiException ValidationException naming the property and the ones that exist, when it is none of them
   */
  static SearchProperty of(EntityKind kind, String name) {
    SearchProperty property = switch (kind) {
      case TRIAL_COMPONENT -> ofTrialComponent(name);
      case TRIAL -> ofTrial(name);
      case EXPERIMENT -> ofExperiment(name);
      case ARTIFACT -> null;
    };
    if (property == null) {
      String known = switch (kind) {
        case TRIAL_COMPONENT -> TRIAL_COMPONENT_PROPERTIES;
        case TRIAL -> TRIAL_PROPERTIES;
        default -> EXPERIMENT_PROPERTIES;
      };
      throw new ApiException(ErrorCode.ValidationException, "'" + Names.echo(name)
          + "' is not a searchable property of " + resourceName(kind) + ". Searchable properties: " + known + ".");
    }
    return property;
  }

  static String resourceName(EntityKind kind) {
    return switch (kind) {
      case EXPERIMENT -> "Experiment";
      case TRIAL -> "ExperimentTrial";
      case TRIAL_COMPONENT -> "ExperimentTrialComponent";
      case ARTIFACT -> "Artifact";
    };
  }

  private static SearchProperty ofTrialComponent(String name) {
    SearchProperty common = common(name, "TrialComponentName");
    if (common != null) {
      return common;
    }
    switch (name) {
      case "Status.PrimaryStatus":
        return simple(name, Type.TEXT, r -> component(r).status() == null || component(r).status().primaryStatus() == null
            ? null : component(r).status().primaryStatus().name());
      case "Status.Message":
        return simple(name, Type.TEXT, r -> component(r).status() == null ? null : component(r).status().message());
      case "StartTime":
        return simple(name, Type.TIME, r -> component(r).startTimeMs());
      case "EndTime":
        return simple(name, Type.TIME, r -> component(r).endTimeMs());
      case "Parents.TrialName":
        return new SearchProperty(name, Type.NAME, r -> names(r.parents(), Parent::trialName), false, true, false,
            null);
      case "Parents.ExperimentName":
        return new SearchProperty(name, Type.NAME, r -> names(r.parents(), Parent::experimentName), false, true,
            false, null);
      default:
        break;
    }
    if (name.startsWith("Parameters.") && name.length() > "Parameters.".length()) {
      String parameter = name.substring("Parameters.".length());
      return simple(name, Type.PARAMETER, r -> {
        ParameterValue value = component(r).parameters().get(parameter);
        return value == null ? null : value.isNumber() ? (Object) value.numberValue() : value.stringValue();
      });
    }
    for (String side : List.of("InputArtifacts.", "OutputArtifacts.")) {
      if (name.startsWith(side) && (name.endsWith(".Value") || name.endsWith(".MediaType"))) {
        boolean value = name.endsWith(".Value");
        String artifact = name.substring(side.length(), name.length() - (value ? 6 : 10));
        boolean input = side.startsWith("Input");
        return simple(name, Type.TEXT, r -> {
          Map<String, ArtifactValue> artifacts =
              input ? component(r).inputArtifacts() : component(r).outputArtifacts();
          ArtifactValue found = artifacts.get(artifact);
          return found == null ? null : value ? found.value() : found.mediaType();
        });
      }
    }
    if (name.startsWith("Metrics.")) {
      int dot = name.lastIndexOf('.');
      String metric = name.substring("Metrics.".length(), Math.max(dot, "Metrics.".length()));
      Stat stat = Arrays.stream(Stat.values()).filter(s -> s.name().equals(name.substring(dot + 1))).findFirst()
          .orElse(null);
      if (stat != null && !metric.isEmpty()) {
        return new SearchProperty(name, Type.NUMBER, r -> {
          BucketStats stats = r.metrics() == null ? null : r.metrics().get(metric);
          return stats == null ? List.of() : List.of(stats.value(stat));
        }, false, false, false, metric);
      }
    }
    return null;
  }

  private static SearchProperty ofTrial(String name) {
    SearchProperty common = common(name, "TrialName");
    if (common != null) {
      return common;
    }
    return switch (name) {
      case "ExperimentName" -> simple(name, Type.NAME, r -> ((Trial) r.entity()).experimentName());
      case "TrialComponentSummaries.TrialComponentName" -> new SearchProperty(name, Type.NAME,
          r -> names(r.members(), TrialComponent::name), false, false, true, null);
      default -> null;
    };
  }

  private static SearchProperty ofExperiment(String name) {
    SearchProperty common = common(name, "ExperimentName");
    if (common != null) {
      return common;
    }
    return name.equals("Description") ? simple(name, Type.TEXT, r -> ((Experiment) r.entity()).description()) : null;
  }

  /** What every resource has: its name, display name, times, source and tags. */
  private static SearchProperty common(String name, String nameProperty) {
    if (name.equals(nameProperty)) {
      // Names compare regardless of case, so the key (the name in lower case) serves where the entity is not read.
      return fromRow(name, Type.NAME, r -> r.entity() == null ? r.key() : Names.name(r.entity()));
    }
    switch (name) {
      case "DisplayName":
        return simple(name, Type.TEXT, r -> Names.displayName(r.entity()));
      case "CreationTime":
        return fromRow(name, Type.TIME, SearchRow::creationTimeMs);
      case "LastModifiedTime":
        return fromRow(name, Type.TIME, SearchRow::lastModifiedTimeMs);
      case "Source.SourceArn":
        return simple(name, Type.TEXT, r -> source(r.entity()) == null ? null : source(r.entity()).arn());
      case "Source.SourceType":
        return simple(name, Type.TEXT, r -> source(r.entity()) == null ? null : source(r.entity()).type());
      default:
        break;
    }
    if (name.startsWith("Tags.") && name.length() > "Tags.".length()) {
      String key = name.substring("Tags.".length());
      return simple(name, Type.TEXT, r -> r.entity().tags().stream().filter(t -> t.key().equals(key))
          .map(Tag::value).findFirst().orElse(null));
    }
    return null;
  }

  /** A property of the entity's document: the row must carry the entity. */
  private static SearchProperty simple(String name, Type type, Function<SearchRow, Object> value) {
    return new SearchProperty(name, type, single(value), true, false, false, null);
  }

  /** A property the row holds without the document. */
  private static SearchProperty fromRow(String name, Type type, Function<SearchRow, Object> value) {
    return new SearchProperty(name, type, single(value), false, false, false, null);
  }

  private static Function<SearchRow, List<Object>> single(Function<SearchRow, Object> value) {
    return r -> {
      Object v = value.apply(r);
      return v == null ? List.of() : List.of(v);
    };
  }

  private static TrialComponent component(SearchRow row) {
    return (TrialComponent) row.entity();
  }

  private static Source source(Entity entity) {
    return switch (entity) {
      case Experiment e -> e.source();
      case Trial t -> t.source();
      case TrialComponent c -> c.source();
      default -> null;
    };
  }

  private static <T> List<Object> names(List<T> items, Function<T, String> name) {
    if (items == null) {
      return List.of();
    }
    List<Object> names = new ArrayList<>(items.size());
    items.forEach(item -> names.add(name.apply(item)));
    return names;
  }
}
