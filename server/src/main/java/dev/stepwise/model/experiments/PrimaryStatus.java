package dev.stepwise.model.experiments;

/** {@code TrialComponentPrimaryStatus}, as the API spells it. */
public enum PrimaryStatus {
  InProgress,
  Completed,
  Failed,
  Stopping,
  Stopped
}
