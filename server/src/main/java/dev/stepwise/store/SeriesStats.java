package dev.stepwise.store;

import dev.stepwise.stats.BucketStats;
import java.util.Objects;

/**
 * The statistics of all the points a series has held (retention does not take them back, as it does not take the
 * kept minutes): what a trial component's metric summary reports. {@code stats} is the store's copy for the
 * caller; its last timestamp is the series' latest.
 */
public record SeriesStats(String trialComponent, String metricName, BucketStats stats) {
  public SeriesStats {
    Objects.requireNonNull(trialComponent, "trialComponent");
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(stats, "stats");
  }
}
