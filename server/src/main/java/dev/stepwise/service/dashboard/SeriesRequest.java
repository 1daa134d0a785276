package dev.stepwise.service.dashboard;

import java.util.Objects;

/**
 * One series to draw.
 *
 * @param from the first x (step or epoch ms) to include, or null for the series' first
 * @param to the x after the last to include, or null for just past the series' last
 * @param buckets at most this many buckets (about one per pixel)
 */
public record SeriesRequest(
    String account, String region, String trialComponent, String metric, Axis axis, Long from, Long to, int buckets) {
  public static final int MAX_BUCKETS = 10_000;

  /** @throws IllegalArgumentException with a message for the caller, when a parameter is out of range */
  public SeriesRequest {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(trialComponent, "trialComponent");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(axis, "axis");
    if (buckets < 1 || buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException("buckets must be between 1 and " + MAX_BUCKETS + ", not " + buckets);
    }
    if (from != null && to != null && from >= to) {
      throw new IllegalArgumentException("from (" + from + ") must be less than to (" + to + ")");
    }
  }
}
