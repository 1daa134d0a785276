package dev.stepwise.service.dashboard;

import dev.stepwise.aggregate.Bucket;
import java.util.List;

/**
 * A series as the dashboard draws it: either the raw points of the range ({@code bucketWidth} 0, each "bucket"
 * one point at its exact x), or buckets of {@code bucketWidth} steps or milliseconds.
 *
 * @param firstTimestampMs the series' first point's time (the origin of relative time), or null when it is empty
 */
public record SeriesView(
    Axis axis, long from, long to, long bucketWidth, Long firstTimestampMs, List<Bucket> buckets) {
  public SeriesView {
    buckets = List.copyOf(buckets);
  }

  public boolean raw() {
    return bucketWidth == 0;
  }
}
