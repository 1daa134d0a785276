package dev.stepwise.model;

/** The API's {@code MetricQueryResultStatus}. */
public enum QueryStatus {
  Complete,
  Truncated,
  InternalError,
  ValidationError
}
