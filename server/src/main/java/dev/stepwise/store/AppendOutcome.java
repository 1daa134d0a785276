package dev.stepwise.store;

/** What became of one point of an {@link AppendBatch}. */
public enum AppendOutcome {
  /** Newly stored. */
  STORED,
  /** An equal point was already stored (a retry); nothing changed. */
  DUPLICATE,
  /** Storing it would exceed the metrics-per-trial-component or points-per-metric limit; not stored. */
  METRIC_LIMIT_EXCEEDED
}
