package dev.stepwise.aggregate;

import java.util.List;
import java.util.OptionalLong;

/**
 * The non-empty buckets of one series over one range, by ascending x.
 *
 * @param nextStart present when the result was cut at the bucket limit: the start of the range that continues it,
 *     on the same axis as the range that was asked for (ms for time buckets and steps on the time axis, steps for
 *     step buckets). Repeating the query from there yields the rest, no bucket split and none twice.
 */
public record BucketedSeries(List<Bucket> buckets, OptionalLong nextStart) {
  public BucketedSeries {
    buckets = List.copyOf(buckets);
    if (nextStart == null) {
      throw new IllegalArgumentException("nextStart is null; use OptionalLong.empty()");
    }
  }

  public static BucketedSeries complete(List<Bucket> buckets) {
    return new BucketedSeries(buckets, OptionalLong.empty());
  }

  public static BucketedSeries truncated(List<Bucket> buckets, long nextStart) {
    return new BucketedSeries(buckets, OptionalLong.of(nextStart));
  }

  public boolean truncated() {
    return nextStart.isPresent();
  }
}
