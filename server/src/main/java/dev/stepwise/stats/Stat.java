package dev.stepwise.stats;

/** The statistics of a bucket, named as the API's {@code MetricStatistic} enum spells them. */
public enum Stat {
  Min,
  Max,
  Avg,
  Count,
  StdDev,
  Last
}
