package dev.stepwise.service.dashboard;

/** The x-axis a series is read along: steps, or epoch milliseconds. */
public enum Axis {
  STEP,
  TIME
}
