package dev.stepwise.protocol;

import dev.stepwise.aggregate.Bucket;
import dev.stepwise.stats.Stat;
import dev.stepwise.service.dashboard.MetricView;
import dev.stepwise.service.dashboard.PartitionView;
import dev.stepwise.service.dashboard.RawPointConsumer;
import dev.stepwise.service.dashboard.SeriesView;
import dev.stepwise.service.dashboard.TrialComponentView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** JSON and CSV of the dashboard's API ({@code docs/ui-api.md}); streamed, like the AWS operations' answers. */
public final class DashboardCodec {
  /** The body of a sign-in; fields are null when absent. */
  public record SignInRequest(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "SignInRequest[" + accessKeyId + "]";
    }
  }

  /** @throws IllegalArgumentException when the body is not a JSON object of strings */
  public SignInRequest decodeSignIn(byte[] body) {
    String keyId = null;
    String secret = null;
    try (JsonParser parser = Json.FACTORY.createParser(tools.jackson.core.ObjectReadContext.empty(), body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value != JsonToken.VALUE_STRING) {
          throw new IllegalArgumentException(name + " must be a string");
        }
        if (name.equals("accessKeyId")) {
          keyId = parser.getString();
        } else if (name.equals("secretAccessKey")) {
          secret = parser.getString();
        }
      }
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the body is not valid JSON");
    }
    return new SignInRequest(keyId, secret);
  }

  public void writeObject(Map<String, ?> members, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      members.forEach(
          (name, value) -> {
            g.writeName(name);
            switch (value) {
              case null -> g.writeNull();
              case Boolean b -> g.writeBoolean(b);
              case Number n -> g.writeNumber(n.longValue());
              default -> g.writeString(value.toString());
            }
          });
      g.writeEndObject();
    }
  }

  public void writePartitions(List<PartitionView> partitions, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeArrayPropertyStart("partitions");
      for (PartitionView p : partitions) {
        g.writeStartObject();
        g.writeStringProperty("account", p.account());
        g.writeStringProperty("region", p.region());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  public void writeTrialComponents(List<TrialComponentView> views, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeArrayPropertyStart("trialComponents");
      for (TrialComponentView tc : views) {
        g.writeStartObject();
        g.writeStringProperty("name", tc.name());
        g.writeNumberProperty("pointCount", tc.pointCount());
        g.writeNumberProperty("firstTimestamp", tc.firstTimestampMs());
        g.writeNumberProperty("lastTimestamp", tc.lastTimestampMs());
        g.writeArrayPropertyStart("metrics");
        for (MetricView m : tc.metrics()) {
          g.writeStartObject();
          g.writeStringProperty("name", m.name());
          g.writeNumberProperty("pointCount", m.pointCount());
          g.writeNumberProperty("firstTimestamp", m.firstTimestampMs());
          g.writeNumberProperty("lastTimestamp", m.lastTimestampMs());
          writeStep(g, "minStep", m.minStep());
          writeStep(g, "maxStep", m.maxStep());
          g.writeNumberProperty("lastValue", m.lastValue());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void writeStep(JsonGenerator g, String name, Integer step) {
    g.writeName(name);
    if (step != null) {
      g.writeNumber(step);
    } else {
      g.writeNull();
    }
  }

  public void writeSeries(String trialComponent, String metric, SeriesView view, OutputStream out) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartObject();
      g.writeStringProperty("trialComponent", trialComponent);
      g.writeStringProperty("metric", metric);
      g.writeStringProperty("axis", view.axis().name().toLowerCase(java.util.Locale.ROOT));
      g.writeNumberProperty("from", view.from());
      g.writeNumberProperty("to", view.to());
      g.writeBooleanProperty("raw", view.raw());
      g.writeNumberProperty("bucketWidth", view.bucketWidth());
      g.writeName("firstTimestamp");
      if (view.firstTimestampMs() == null) {
        g.writeNull();
      } else {
        g.writeNumber(view.firstTimestampMs());
      }
      List<Bucket> buckets = view.buckets();
      g.writeArrayPropertyStart("x");
      for (Bucket b : buckets) {
        g.writeNumber(b.x());
      }
      g.writeEndArray();
      writeColumn(g, "avg", buckets, Stat.Avg);
      writeColumn(g, "min", buckets, Stat.Min);
      writeColumn(g, "max", buckets, Stat.Max);
      g.writeArrayPropertyStart("count");
      for (Bucket b : buckets) {
        g.writeNumber(b.stats().count());
      }
      g.writeEndArray();
      writeColumn(g, "last", buckets, Stat.Last);
      g.writeEndObject();
    }
  }

  private static void writeColumn(JsonGenerator g, String name, List<Bucket> buckets, Stat stat) {
    g.writeArrayPropertyStart(name);
    for (Bucket b : buckets) {
      g.writeNumber(b.value(stat));
    }
    g.writeEndArray();
  }

  /** The buckets as CSV: {@code x,avg,min,max,count,last}. */
  public void writeBucketsCsv(SeriesView view, Writer out) throws IOException {
    out.write("x,avg,min,max,count,last\n");
    for (Bucket b : view.buckets()) {
      out.write(b.x() + "," + b.value(Stat.Avg) + "," + b.value(Stat.Min) + "," + b.value(Stat.Max) + ","
          + b.stats().count() + "," + b.value(Stat.Last) + "\n");
    }
  }

  /** A consumer that writes each point as a CSV row {@code timestamp_ms,step,value}; call after the header. */
  public RawPointConsumer rawCsvRows(Writer out) {
    return (timestampMs, step, value) -> {
      try {
        out.write(timestampMs + "," + (step == null ? "" : step.toString()) + "," + value + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  public static final String RAW_CSV_HEADER = "timestamp_ms,step,value\n";

  private static JsonGenerator generator(OutputStream out) {
    return Json.FACTORY.createGenerator(tools.jackson.core.ObjectWriteContext.empty(), out);
  }
}
