package dev.stepwise.store;

/** Per-resource limits the store enforces atomically with the write, so racing writers cannot pass them. */
public record StoreLimits(int maxMetricsPerTrialComponent, long maxPointsPerMetric) {
  public static final StoreLimits DEFAULT = new StoreLimits(1_000, 10_000_000L);

  public StoreLimits {
    if (maxMetricsPerTrialComponent < 1) {
      throw new IllegalArgumentException("maxMetricsPerTrialComponent " + maxMetricsPerTrialComponent + " < 1");
    }
    if (maxPointsPerMetric < 1) {
      throw new IllegalArgumentException("maxPointsPerMetric " + maxPointsPerMetric + " < 1");
    }
  }
}
