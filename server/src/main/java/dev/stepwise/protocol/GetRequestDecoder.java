package dev.stepwise.protocol;

import static dev.stepwise.protocol.JsonInput.longInteger;
import static dev.stepwise.protocol.JsonInput.string;

import dev.stepwise.model.MetricQuery;
import dev.stepwise.model.Period;
import dev.stepwise.model.XAxisType;
import dev.stepwise.stats.Stat;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads a {@code BatchGetMetrics} body and checks its envelope, every query's members included. */
final class GetRequestDecoder {
  /** A query as sent, before its members are checked. */
  private record RawQuery(
      String metricName, String resourceArn, String metricStat, String period, String xAxisType, Long start, Long end) {}

  private GetRequestDecoder() {}

  static List<MetricQuery> decode(JsonParser p) {
    JsonInput.expectObjectStart(p.nextToken(), "the request body");
    List<RawQuery> raw = null;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("MetricQueries")) {
        raw = queries(p, value);
      } else {
        p.skipChildren();
      }
    }
    JsonInput.expectEnd(p);

    ValidationErrors errors = new ValidationErrors();
    errors.requireList(raw, "metricQueries", ModelConstraints.METRIC_QUERIES_MIN, ModelConstraints.METRIC_QUERIES_MAX);
    List<MetricQuery> queries = new ArrayList<>();
    if (raw != null && raw.size() <= ModelConstraints.METRIC_QUERIES_MAX) {
      for (int i = 0; i < raw.size(); i++) {
        queries.add(check(raw.get(i), "metricQueries." + (i + 1) + ".member.", errors));
      }
    }
    errors.throwIfAny();
    return queries;
  }

  private static MetricQuery check(RawQuery q, String path, ValidationErrors errors) {
    errors.requireString(
        q.metricName(),
        path + "metricName",
        ModelConstraints.METRIC_NAME_MIN,
        ModelConstraints.METRIC_NAME_MAX,
        ModelConstraints.METRIC_NAME);
    errors.requireString(
        q.resourceArn(), path + "resourceArn", 0, ModelConstraints.RESOURCE_ARN_MAX, ModelConstraints.RESOURCE_ARN);
    Stat stat = errors.requireEnum(q.metricStat(), path + "metricStat", Stat.class);
    Period period = errors.requireEnum(q.period(), path + "period", Period.class);
    XAxisType axis = errors.requireEnum(q.xAxisType(), path + "xAxisType", XAxisType.class);
    return new MetricQuery(q.metricName(), q.resourceArn(), stat, period, axis, q.start(), q.end());
  }

  private static List<RawQuery> queries(JsonParser p, JsonToken token) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      throw JsonInput.wrongType("MetricQueries", "an array", token);
    }
    List<RawQuery> queries = new ArrayList<>();
    JsonToken next;
    while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
      if (queries.size() > ModelConstraints.METRIC_QUERIES_MAX) {
        p.skipChildren(); // the request fails anyway; do not build what will be thrown away
        queries.add(null);
        continue;
      }
      queries.add(next == JsonToken.VALUE_NULL ? new RawQuery(null, null, null, null, null, null, null) : query(p, next));
    }
    return queries;
  }

  private static RawQuery query(JsonParser p, JsonToken token) {
    JsonInput.expectObjectStart(token, "each MetricQueries item");
    String metricName = null;
    String resourceArn = null;
    String metricStat = null;
    String period = null;
    String xAxisType = null;
    Long start = null;
    Long end = null;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "MetricName" -> metricName = string(p, t, "MetricName");
        case "ResourceArn" -> resourceArn = string(p, t, "ResourceArn");
        case "MetricStat" -> metricStat = string(p, t, "MetricStat");
        case "Period" -> period = string(p, t, "Period");
        case "XAxisType" -> xAxisType = string(p, t, "XAxisType");
        case "Start" -> start = longInteger(p, t, "Start");
        case "End" -> end = longInteger(p, t, "End");
        default -> p.skipChildren();
      }
    }
    return new RawQuery(metricName, resourceArn, metricStat, period, xAxisType, start, end);
  }
}
