package dev.stepwise.service.dashboard;

import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.stats.Stat;
import java.util.Map;

/**
 * A column the runs table's charts may ask for: {@code parameter:<name>}, {@code metric:<name>.<stat>} (the stat as
 * the page spells it: min, max, last, avg, count, stdDev), {@code startTime}, {@code endTime}, {@code duration}
 * or {@code status}.
 *
 * @param name the parameter's or the metric's name, else null
 * @param stat the metric's statistic, else null
 */
record RunColumn(String spec, Kind kind, String name, Stat stat) {
  enum Kind {
    PARAMETER,
    METRIC,
    START_TIME,
    END_TIME,
    DURATION,
    STATUS
  }

  private static final Map<String, Stat> STATS = Map.of("min", Stat.Min, "max", Stat.Max, "last", Stat.Last, "avg",
      Stat.Avg, "count", Stat.Count, "stdDev", Stat.StdDev);

  /** @throws IllegalArgumentException naming the column and the forms a column takes */
  static RunColumn parse(String spec) {
    switch (spec) {
      case "startTime":
        return new RunColumn(spec, Kind.START_TIME, null, null);
      case "endTime":
        return new RunColumn(spec, Kind.END_TIME, null, null);
      case "duration":
        return new RunColumn(spec, Kind.DURATION, null, null);
      case "status":
        return new RunColumn(spec, Kind.STATUS, null, null);
      default:
        break;
    }
    if (spec.startsWith("parameter:") && spec.length() > "parameter:".length()) {
      return new RunColumn(spec, Kind.PARAMETER, spec.substring("parameter:".length()), null);
    }
    int dot = spec.lastIndexOf('.');
    if (spec.startsWith("metric:") && dot > "metric:".length() && STATS.containsKey(spec.substring(dot + 1))) {
      return new RunColumn(spec, Kind.METRIC, spec.substring("metric:".length(), dot), STATS.get(spec.substring(dot + 1)));
    }
    throw new IllegalArgumentException("the column '" + spec + "' is none of parameter:<name>,"
        + " metric:<name>.<min|max|last|avg|count|stdDev>, startTime, endTime, duration, status");
  }

  /** The run's value, or null where it has none. @param metrics the run's metrics' statistics, by name */
  Object value(TrialComponent run, Map<String, BucketStats> metrics) {
    return switch (kind) {
      case PARAMETER -> {
        ParameterValue value = run.parameters().get(name);
        yield value == null ? null : value.isNumber() ? (Object) value.numberValue() : value.stringValue();
      }
      case METRIC -> {
        BucketStats stats = metrics.get(name);
        yield stats == null ? null : (Object) stats.value(stat);
      }
      case START_TIME -> run.startTimeMs();
      case END_TIME -> run.endTimeMs();
      case DURATION -> run.startTimeMs() == null || run.endTimeMs() == null ? null
          : (Object) (run.endTimeMs() - run.startTimeMs());
      case STATUS -> run.status() == null || run.status().primaryStatus() == null ? null
          : run.status().primaryStatus().name();
    };
  }
}
