package dev.stepwise.protocol;

import static dev.stepwise.protocol.JsonInput.epochMillis;
import static dev.stepwise.protocol.JsonInput.integer;
import static dev.stepwise.protocol.JsonInput.number;
import static dev.stepwise.protocol.JsonInput.string;

import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.RawMetric;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads a {@code BatchPutMetrics} body and checks its envelope; item rules are the service's. */
final class PutRequestDecoder {
  private PutRequestDecoder() {}

  static PutMetricsCommand decode(JsonParser p) {
    JsonInput.expectObjectStart(p.nextToken(), "the request body");
    String trialComponentName = null;
    List<RawMetric> metricData = null;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "TrialComponentName" -> trialComponentName = string(p, value, "TrialComponentName");
        case "MetricData" -> metricData = metricData(p, value);
        default -> p.skipChildren();
      }
    }
    JsonInput.expectEnd(p);

    ValidationErrors errors = new ValidationErrors();
    errors.requireString(
        trialComponentName,
        "trialComponentName",
        ModelConstraints.TRIAL_COMPONENT_NAME_MIN,
        ModelConstraints.TRIAL_COMPONENT_NAME_MAX,
        ModelConstraints.TRIAL_COMPONENT_NAME);
    errors.requireList(metricData, "metricData", ModelConstraints.METRIC_DATA_MIN, ModelConstraints.METRIC_DATA_MAX);
    errors.throwIfAny();
    return new PutMetricsCommand(trialComponentName, metricData);
  }

  private static List<RawMetric> metricData(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      throw JsonInput.wrongType("MetricData", "an array", token);
    }
    List<RawMetric> items = new ArrayList<>();
    JsonToken next;
    while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
      // Bound the work on hostile input: past the model's maximum the request fails anyway.
      if (items.size() > ModelConstraints.METRIC_DATA_MAX) {
        p.skipChildren();
        items.add(null);
        continue;
      }
      items.add(next == JsonToken.VALUE_NULL ? new RawMetric(null, null, null, null) : item(p, next));
    }
    return items;
  }

  private static RawMetric item(JsonParser p, JsonToken token) {
    JsonInput.expectObjectStart(token, "each MetricData item");
    String metricName = null;
    Long timestampMs = null;
    Integer step = null;
    Double value = null;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "MetricName" -> metricName = string(p, t, "MetricName");
        case "Timestamp" -> timestampMs = epochMillis(p, t, "Timestamp");
        case "Step" -> step = integer(p, t, "Step");
        case "Value" -> value = number(p, t, "Value");
        default -> p.skipChildren();
      }
    }
    return new RawMetric(metricName, timestampMs, step, value);
  }
}
