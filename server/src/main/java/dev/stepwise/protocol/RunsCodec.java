package dev.stepwise.protocol;

import dev.stepwise.model.experiments.ArtifactValue;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.MetricSummary;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.SearchWindow;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.service.dashboard.ExperimentView;
import dev.stepwise.service.dashboard.ExperimentsOverview;
import dev.stepwise.service.dashboard.GroupCurve;
import dev.stepwise.service.dashboard.GroupView;
import dev.stepwise.service.dashboard.GroupsView;
import dev.stepwise.service.dashboard.RunColumns;
import dev.stepwise.service.dashboard.RunNames;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The JSON answers of the experiments pages' calls ({@code docs/ui-api.md}), streamed: times in epoch milliseconds,
 * a number parameter as a JSON number and a text one as a string, absent values as null. Thread-safe.
 */
public final class RunsCodec {
  public void writeExperiments(ExperimentsOverview overview, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeArrayPropertyStart("experiments");
      for (ExperimentView view : overview.experiments()) {
        Experiment e = view.experiment();
        g.writeStartObject();
        g.writeStringProperty("name", e.name());
        g.writeStringProperty("displayName", e.displayName() == null ? e.name() : e.displayName());
        g.writeStringProperty("description", e.description());
        g.writeNumberProperty("creationTime", e.creationTimeMs());
        g.writeNumberProperty("lastModifiedTime", e.lastModifiedTimeMs());
        g.writeNumberProperty("runCount", view.runCount());
        g.writeNumberProperty("lastActivity", view.lastActivityMs());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectPropertyStart("unassigned");
      g.writeNumberProperty("runCount", overview.unassignedRuns());
      optionalNumber(g, "lastActivity", overview.unassignedLastActivityMs());
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  public void writeRuns(SearchWindow window, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeNumberProperty("total", window.total());
      g.writeNumberProperty("offset", window.offset());
      g.writeStringProperty("snapshot", window.snapshot());
      g.writeArrayPropertyStart("runs");
      for (SearchRecord record : window.records()) {
        g.writeStartObject();
        run(g, (SearchRecord.OfTrialComponent) record);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** One run as in a window, with its artifacts, tags and source besides. */
  public void writeRun(SearchRecord.OfTrialComponent record, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      TrialComponent c = record.component();
      g.writeStartObject();
      run(g, record);
      artifacts(g, "inputArtifacts", c.inputArtifacts());
      artifacts(g, "outputArtifacts", c.outputArtifacts());
      g.writeArrayPropertyStart("tags");
      for (Tag tag : c.tags()) {
        g.writeStartObject();
        g.writeStringProperty("key", tag.key());
        g.writeStringProperty("value", tag.value());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeName("source");
      if (c.source() == null) {
        g.writeNull();
      } else {
        g.writeStartObject();
        g.writeStringProperty("arn", c.source().arn());
        g.writeStringProperty("type", c.source().type());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  private static void run(JsonGenerator g, SearchRecord.OfTrialComponent record) {
    TrialComponent c = record.component();
    g.writeStringProperty("name", c.name());
    g.writeStringProperty("displayName", c.displayName() == null ? c.name() : c.displayName());
    g.writeStringProperty("status",
        c.status() == null || c.status().primaryStatus() == null ? null : c.status().primaryStatus().name());
    g.writeStringProperty("statusMessage", c.status() == null ? null : c.status().message());
    optionalNumber(g, "startTime", c.startTimeMs());
    optionalNumber(g, "endTime", c.endTimeMs());
    g.writeNumberProperty("creationTime", c.creationTimeMs());
    g.writeNumberProperty("lastModifiedTime", c.lastModifiedTimeMs());
    g.writeObjectPropertyStart("parameters");
    for (Map.Entry<String, ParameterValue> parameter : c.parameters().entrySet()) {
      g.writeName(parameter.getKey());
      parameter(g, parameter.getValue());
    }
    g.writeEndObject();
    g.writeObjectPropertyStart("metrics");
    for (MetricSummary m : record.metrics()) {
      g.writeObjectPropertyStart(m.metricName());
      g.writeNumberProperty("min", m.min());
      g.writeNumberProperty("max", m.max());
      g.writeNumberProperty("last", m.last());
      g.writeNumberProperty("avg", m.avg());
      g.writeNumberProperty("count", m.count());
      g.writeNumberProperty("stdDev", m.stdDev());
      g.writeNumberProperty("timestamp", m.timestampMs());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeArrayPropertyStart("parents");
    for (Parent parent : record.parents()) {
      g.writeStartObject();
      g.writeStringProperty("trialName", parent.trialName());
      g.writeStringProperty("experimentName", parent.experimentName());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void artifacts(JsonGenerator g, String name, Map<String, ArtifactValue> artifacts) {
    g.writeObjectPropertyStart(name);
    for (Map.Entry<String, ArtifactValue> artifact : artifacts.entrySet()) {
      g.writeObjectPropertyStart(artifact.getKey());
      g.writeStringProperty("value", artifact.getValue().value());
      g.writeStringProperty("mediaType", artifact.getValue().mediaType());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  public void writeNames(RunNames names, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      strings(g, "parameters", names.parameters());
      strings(g, "metrics", names.metrics());
      g.writeEndObject();
    }
  }

  public void writeColumns(RunColumns columns, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      strings(g, "names", columns.names());
      g.writeObjectPropertyStart("columns");
      for (Map.Entry<String, List<Object>> column : columns.columns().entrySet()) {
        g.writeArrayPropertyStart(column.getKey());
        for (Object value : column.getValue()) {
          switch (value) {
            case null -> g.writeNull();
            case Double d -> g.writeNumber(d);
            case Long l -> g.writeNumber(l);
            default -> g.writeString(value.toString());
          }
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  public void writeGroups(GroupsView view, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeStringProperty("metric", view.metric());
      g.writeStringProperty("axis", view.axis().name().toLowerCase(Locale.ROOT));
      g.writeNumberProperty("from", view.from());
      g.writeNumberProperty("to", view.to());
      g.writeNumberProperty("bucketWidth", view.bucketWidth());
      g.writeArrayPropertyStart("groups");
      for (GroupView group : view.groups()) {
        g.writeStartObject();
        g.writeObjectPropertyStart("key");
        for (int i = 0; i < view.groupBy().size(); i++) {
          g.writeName(view.groupBy().get(i));
          parameter(g, group.key().get(i));
        }
        g.writeEndObject();
        g.writeNumberProperty("runCount", group.runCount());
        strings(g, "runNames", group.runNames());
        GroupCurve curve = group.curve();
        g.writeName("x");
        g.writeArray(curve.x(), 0, curve.size());
        numbers(g, "mean", curve.mean());
        numbers(g, "min", curve.min());
        numbers(g, "max", curve.max());
        numbers(g, "stdDev", curve.stdDev());
        g.writeName("runs");
        g.writeArray(curve.runs(), 0, curve.size());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void parameter(JsonGenerator g, ParameterValue value) {
    if (value == null) {
      g.writeNull();
    } else if (value.isNumber()) {
      g.writeNumber(value.numberValue());
    } else {
      g.writeString(value.stringValue());
    }
  }

  private static void numbers(JsonGenerator g, String name, double[] values) {
    g.writeName(name);
    g.writeArray(values, 0, values.length);
  }

  private static void strings(JsonGenerator g, String name, List<String> values) {
    g.writeArrayPropertyStart(name);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  private static void optionalNumber(JsonGenerator g, String name, Long value) {
    g.writeName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value);
    }
  }

  private static JsonGenerator generator(OutputStream out) {
    return Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out);
  }
}
