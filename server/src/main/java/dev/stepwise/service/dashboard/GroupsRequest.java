package dev.stepwise.service.dashboard;

import dev.stepwise.model.experiments.TrialComponentQuery;
import java.util.List;
import java.util.Objects;

/**
 * Runs grouped by some of their parameters, each group one curve of a metric.
 *
 * @param runs which runs (the search's order does not matter)
 * @param groupBy 1 to {@link #MAX_GROUP_BY} parameter names
 * @param buckets at most this many buckets over the range (about one per pixel)
 * @param from the first x (step, or milliseconds since each run's first point), or null for the runs' first
 * @param to the x after the last, or null for just past the runs' last
 */
public record GroupsRequest(
    String account, String region, TrialComponentQuery runs, List<String> groupBy, String metric, GroupAxis axis,
    int buckets, Long from, Long to) {
  public static final int MAX_GROUP_BY = 4;

  /** @throws IllegalArgumentException with a message for the caller, when a member is out of range */
  public GroupsRequest {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(axis, "axis");
    if (metric == null || metric.isEmpty()) {
      throw new IllegalArgumentException("metric is required");
    }
    if (groupBy == null || groupBy.isEmpty() || groupBy.size() > MAX_GROUP_BY) {
      throw new IllegalArgumentException("groupBy must name 1 to " + MAX_GROUP_BY + " parameters, not "
          + (groupBy == null ? 0 : groupBy.size()));
    }
    if (groupBy.stream().anyMatch(name -> name == null || name.isEmpty())) {
      throw new IllegalArgumentException("groupBy must name parameters, not empty names");
    }
    groupBy = List.copyOf(groupBy);
    if (buckets < 1 || buckets > SeriesRequest.MAX_BUCKETS) {
      throw new IllegalArgumentException("buckets must be between 1 and " + SeriesRequest.MAX_BUCKETS + ", not "
          + buckets);
    }
    if (from != null && to != null && from >= to) {
      throw new IllegalArgumentException("from (" + from + ") must be less than to (" + to + ")");
    }
  }
}
