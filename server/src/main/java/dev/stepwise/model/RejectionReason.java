package dev.stepwise.model;

import java.util.Locale;

/**
 * Why an item of {@code BatchPutMetrics} was not stored. The caller gets only the code AWS would send
 * ({@code VALIDATION_ERROR} or {@code METRIC_LIMIT_EXCEEDED}); the operator gets this, counted in the access log.
 */
public enum RejectionReason {
  ITEM_MISSING,
  METRIC_NAME,
  TIMESTAMP_MISSING,
  TIMESTAMP_BEFORE_EPOCH,
  TIMESTAMP_IN_FUTURE,
  TIMESTAMP_TOO_OLD,
  STEP_NEGATIVE,
  VALUE_MISSING,
  VALUE_NOT_FINITE,
  METRIC_LIMIT;

  /** The reason as the access log writes it, e.g. {@code timestamp_in_future}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
