package dev.stepwise.model;

import java.util.Objects;

/**
 * One item of {@code MetricQueryResults}. The two arrays have equal length; {@code message} is null when the
 * status is {@code Complete}.
 */
public record QueryResult(QueryStatus status, String message, long[] xAxisValues, double[] metricValues) {
  public QueryResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(xAxisValues, "xAxisValues");
    Objects.requireNonNull(metricValues, "metricValues");
    if (xAxisValues.length != metricValues.length) {
      throw new IllegalArgumentException(
          "xAxisValues has " + xAxisValues.length + " values but metricValues has " + metricValues.length);
    }
  }

  public static QueryResult validationError(String message) {
    return new QueryResult(QueryStatus.ValidationError, message, new long[0], new double[0]);
  }
}
