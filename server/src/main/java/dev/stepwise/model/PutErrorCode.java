package dev.stepwise.model;

/** The API's {@code PutMetricsErrorCode}. */
public enum PutErrorCode {
  METRIC_LIMIT_EXCEEDED,
  INTERNAL_ERROR,
  VALIDATION_ERROR,
  /** Never produced: appends commute, so concurrent writers never conflict. Listed because the model has it. */
  CONFLICT_ERROR
}
