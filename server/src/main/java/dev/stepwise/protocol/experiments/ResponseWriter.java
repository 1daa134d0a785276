package dev.stepwise.protocol.experiments;

import dev.stepwise.api.Principal;
import dev.stepwise.model.experiments.ArtifactValue;
import dev.stepwise.model.experiments.Arns;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.MetadataProperties;
import dev.stepwise.model.experiments.MetricSummary;
import dev.stepwise.model.experiments.Page;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.Source;
import dev.stepwise.model.experiments.Status;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the control plane's shapes as SageMaker answers them: member names as the model spells them, times as epoch
 * seconds (JSON numbers, to the millisecond), ARNs with names in lower case, and a display name that defaults to the
 * name. Maps and lists that the SDK's readers index without a check (Parameters, InputArtifacts, OutputArtifacts,
 * Metrics, Parents, Tags of a search record) are always written, empty when empty.
 */
final class ResponseWriter {
  private final JsonGenerator g;
  private final Principal caller;

  ResponseWriter(JsonGenerator g, Principal caller) {
    this.g = g;
    this.caller = caller;
  }

  void arn(String member, EntityKind kind, String key) {
    g.writeStringProperty(member, Arns.of(caller, kind, key));
  }

  void experiment(Experiment e, boolean withTags) {
    g.writeStringProperty("ExperimentName", e.name());
    arn("ExperimentArn", EntityKind.EXPERIMENT, e.key());
    g.writeStringProperty("DisplayName", e.displayName() == null ? e.name() : e.displayName());
    source("Source", e.source());
    optional("Description", e.description());
    time("CreationTime", e.creationTimeMs());
    time("LastModifiedTime", e.lastModifiedTimeMs());
    if (withTags) {
      tags(e.tags());
    }
  }

  void experimentSummary(Experiment e) {
    arn("ExperimentArn", EntityKind.EXPERIMENT, e.key());
    g.writeStringProperty("ExperimentName", e.name());
    g.writeStringProperty("DisplayName", e.displayName() == null ? e.name() : e.displayName());
    source("ExperimentSource", e.source());
    time("CreationTime", e.creationTimeMs());
    time("LastModifiedTime", e.lastModifiedTimeMs());
  }

  void trial(Trial t) {
    g.writeStringProperty("TrialName", t.name());
    arn("TrialArn", EntityKind.TRIAL, t.key());
    g.writeStringProperty("DisplayName", t.displayName() == null ? t.name() : t.displayName());
    g.writeStringProperty("ExperimentName", t.experimentName());
    source("Source", t.source());
    time("CreationTime", t.creationTimeMs());
    time("LastModifiedTime", t.lastModifiedTimeMs());
    metadata(t.metadataProperties());
  }

  void trialSummary(Trial t) {
    arn("TrialArn", EntityKind.TRIAL, t.key());
    g.writeStringProperty("TrialName", t.name());
    g.writeStringProperty("DisplayName", t.displayName() == null ? t.name() : t.displayName());
    source("TrialSource", t.source());
    time("CreationTime", t.creationTimeMs());
    time("LastModifiedTime", t.lastModifiedTimeMs());
  }

  /** What DescribeTrialComponent and a search record share. */
  void trialComponent(TrialComponent c, List<MetricSummary> metrics) {
    g.writeStringProperty("TrialComponentName", c.name());
    arn("TrialComponentArn", EntityKind.TRIAL_COMPONENT, c.key());
    g.writeStringProperty("DisplayName", c.displayName() == null ? c.name() : c.displayName());
    source("Source", c.source());
    status(c.status());
    optionalTime("StartTime", c.startTimeMs());
    optionalTime("EndTime", c.endTimeMs());
    time("CreationTime", c.creationTimeMs());
    time("LastModifiedTime", c.lastModifiedTimeMs());
    g.writeObjectPropertyStart("Parameters");
    for (Map.Entry<String, ParameterValue> p : c.parameters().entrySet()) {
      g.writeObjectPropertyStart(p.getKey());
      if (p.getValue().isNumber()) {
        g.writeNumberProperty("NumberValue", p.getValue().numberValue());
      } else {
        g.writeStringProperty("StringValue", p.getValue().stringValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    artifacts("InputArtifacts", c.inputArtifacts());
    artifacts("OutputArtifacts", c.outputArtifacts());
    metadata(c.metadataProperties());
    g.writeArrayPropertyStart("Metrics");
    for (MetricSummary m : metrics) {
      g.writeStartObject();
      g.writeStringProperty("MetricName", m.metricName());
      if (c.source() != null) {
        g.writeStringProperty("SourceArn", c.source().arn());
      }
      time("TimeStamp", m.timestampMs());
      g.writeNumberProperty("Max", m.max());
      g.writeNumberProperty("Min", m.min());
      g.writeNumberProperty("Last", m.last());
      g.writeNumberProperty("Count", (int) Math.min(Integer.MAX_VALUE, m.count()));
      g.writeNumberProperty("Avg", m.avg());
      g.writeNumberProperty("StdDev", m.stdDev());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  void trialComponentSummary(TrialComponent c) {
    g.writeStringProperty("TrialComponentName", c.name());
    arn("TrialComponentArn", EntityKind.TRIAL_COMPONENT, c.key());
    g.writeStringProperty("DisplayName", c.displayName() == null ? c.name() : c.displayName());
    source("TrialComponentSource", c.source());
    status(c.status());
    optionalTime("StartTime", c.startTimeMs());
    optionalTime("EndTime", c.endTimeMs());
    time("CreationTime", c.creationTimeMs());
    time("LastModifiedTime", c.lastModifiedTimeMs());
  }

  void searchRecord(SearchRecord record) {
    g.writeStartObject();
    switch (record) {
      case SearchRecord.OfExperiment e -> {
        g.writeObjectPropertyStart("Experiment");
        experiment(e.experiment(), true);
        g.writeEndObject();
      }
      case SearchRecord.OfTrial t -> {
        g.writeObjectPropertyStart("Trial");
        trial(t.trial());
        tags(t.trial().tags());
        g.writeArrayPropertyStart("TrialComponentSummaries");
        for (TrialComponent c : t.components()) {
          g.writeStartObject();
          g.writeStringProperty("TrialComponentName", c.name());
          arn("TrialComponentArn", EntityKind.TRIAL_COMPONENT, c.key());
          source("TrialComponentSource", c.source());
          time("CreationTime", c.creationTimeMs());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      case SearchRecord.OfTrialComponent c -> {
        g.writeObjectPropertyStart("TrialComponent");
        trialComponent(c.component(), c.metrics());
        tags(c.component().tags());
        g.writeArrayPropertyStart("Parents");
        for (Parent parent : c.parents()) {
          g.writeStartObject();
          g.writeStringProperty("TrialName", parent.trialName());
          g.writeStringProperty("ExperimentName", parent.experimentName());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  void tags(List<Tag> tags) {
    g.writeArrayPropertyStart("Tags");
    for (Tag tag : tags) {
      g.writeStartObject();
      g.writeStringProperty("Key", tag.key());
      g.writeStringProperty("Value", tag.value());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** A page of a listing: its items, each an object, and the token of the next page when there is one. */
  <T> void page(String member, Page<T> page, Consumer<T> item) {
    g.writeArrayPropertyStart(member);
    for (T value : page.items()) {
      g.writeStartObject();
      item.accept(value);
      g.writeEndObject();
    }
    g.writeEndArray();
    optional("NextToken", page.nextToken());
  }

  /** A list whose items write themselves whole. */
  <T> void list(String member, List<T> items, BiConsumer<ResponseWriter, T> item) {
    g.writeArrayPropertyStart(member);
    for (T value : items) {
      item.accept(this, value);
    }
    g.writeEndArray();
  }

  /** Search's TotalHits: the exact number of matching records. */
  void totalHits(long total) {
    g.writeObjectPropertyStart("TotalHits");
    g.writeNumberProperty("Value", total);
    g.writeStringProperty("Relation", "EqualTo");
    g.writeEndObject();
  }

  void optional(String member, String value) {
    if (value != null) {
      g.writeStringProperty(member, value);
    }
  }

  /** Epoch seconds with the milliseconds as decimals, as a JSON number: 1767323046.5 for 1767323046500 ms. */
  void time(String member, long epochMs) {
    g.writeName(member);
    g.writeNumber(java.math.BigDecimal.valueOf(epochMs, 3).stripTrailingZeros().toPlainString());
  }

  private void optionalTime(String member, Long epochMs) {
    if (epochMs != null) {
      time(member, epochMs);
    }
  }

  private void source(String member, Source source) {
    if (source != null) {
      g.writeObjectPropertyStart(member);
      g.writeStringProperty("SourceArn", source.arn());
      optional("SourceType", source.type());
      g.writeEndObject();
    }
  }

  private void status(Status status) {
    if (status != null) {
      g.writeObjectPropertyStart("Status");
      if (status.primaryStatus() != null) {
        g.writeStringProperty("PrimaryStatus", status.primaryStatus().name());
      }
      optional("Message", status.message());
      g.writeEndObject();
    }
  }

  private void metadata(MetadataProperties metadata) {
    if (metadata != null && !metadata.isEmpty()) {
      g.writeObjectPropertyStart("MetadataProperties");
      optional("CommitId", metadata.commitId());
      optional("Repository", metadata.repository());
      optional("GeneratedBy", metadata.generatedBy());
      optional("ProjectId", metadata.projectId());
      g.writeEndObject();
    }
  }

  private void artifacts(String member, Map<String, ArtifactValue> artifacts) {
    g.writeObjectPropertyStart(member);
    for (Map.Entry<String, ArtifactValue> a : artifacts.entrySet()) {
      g.writeObjectPropertyStart(a.getKey());
      optional("MediaType", a.getValue().mediaType());
      g.writeStringProperty("Value", a.getValue().value());
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
