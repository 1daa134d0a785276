package dev.stepwise.service;

/** The API's {@code MetricQueryResultStatus}. */
public enum QueryStatus {
  Complete,
  Truncated,
  InternalError,
  ValidationError
}
