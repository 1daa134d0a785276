package dev.stepwise.aggregate;

import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.SeriesKey;

/**
 * Buckets one series straight from a {@link MetricStore} scan, without materialising its points, and stops reading
 * as soon as the bucket limit is known to be exceeded. Shared by the API (widths of 1 minute, 5 minutes, 1 hour or
 * 1 step) and the web UI (any width, about one bucket per pixel).
 *
 * <p>Every method returns the non-empty buckets by ascending x. When there are more than {@code maxBuckets}, it
 * returns a prefix of them and the {@link BucketedSeries#nextStart() start} to repeat the query from; following it
 * returns every bucket exactly once and whole.
 */
public final class Bucketing {
  private Bucketing() {}

  /**
   * Time buckets of {@code widthMs}, aligned to the epoch: a point at {@code ts} lies in the bucket starting at
   * {@code floorDiv(ts, widthMs) * widthMs}, which is its x. Only points with a timestamp in {@code [fromMs, toMs)}
   * count, so the first bucket covers less than its width when {@code fromMs} is not aligned. When truncated, the
   * continuation starts at the end of the last bucket returned.
   *
   * <p>A width of whole minutes (every API period) is built from the store's one-minute aggregates, merged: a
   * bucket's Avg and StdDev are those of its minutes combined (Chan et al.), which the store can keep up to date at
   * ingest. Other widths (the web UI's) fold the points directly.
   */
  public static BucketedSeries byTime(
      MetricStore store, SeriesKey series, long fromMs, long toMs, long widthMs, int maxBuckets) {
    if (checkWidth(widthMs) % Minutes.MINUTE_MS == 0) {
      MinuteBuckets sink = new MinuteBuckets(widthMs, checkMax(maxBuckets));
      if (fromMs < toMs) {
        store.scanMinutes(series, fromMs, toMs, sink);
      }
      return sink.result();
    }
    AlignedBuckets sink = new AlignedBuckets(false, widthMs, checkMax(maxBuckets));
    if (fromMs < toMs) {
      store.scanByTime(series, fromMs, toMs, sink);
    }
    return sink.result();
  }

  /**
   * Time buckets of {@code widthMs} on the axis of time since {@code originMs} (the dashboard's relative time, from a
   * series' first point): a point at {@code ts} lies in the bucket of {@code floorDiv(ts - originMs, widthMs) *
   * widthMs}, which is its x, so buckets are aligned to the origin rather than the epoch. Only points with
   * {@code ts - originMs} in {@code [from, to)} count. Always folds the points (minutes do not align to the
   * origin). When truncated, the continuation is the end of the last bucket returned, on the same relative axis.
   */
  public static BucketedSeries byTimeSince(
      MetricStore store, SeriesKey series, long originMs, long from, long to, long widthMs, int maxBuckets) {
    AlignedBuckets sink = new AlignedBuckets(false, originMs, checkWidth(widthMs), checkMax(maxBuckets));
    if (from < to) {
      store.scanByTime(series, saturatedAdd(originMs, from), saturatedAdd(originMs, to), sink);
    }
    return sink.result();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow only when both have the same sign and the sum has the other.
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  /**
   * Step buckets of {@code widthSteps} (1 for the API), aligned to step 0: x is the first step of the bucket. Only
   * points with a step in {@code [fromStep, toStep)} count; points without a step never do. When truncated, the
   * continuation starts at the step after the last bucket returned.
   */
  public static BucketedSeries byStep(
      MetricStore store, SeriesKey series, long fromStep, long toStep, long widthSteps, int maxBuckets) {
    AlignedBuckets sink = new AlignedBuckets(true, checkWidth(widthSteps), checkMax(maxBuckets));
    if (fromStep < toStep) {
      store.scanByStep(series, fromStep, toStep, sink);
    }
    return sink.result();
  }

  /**
   * One bucket per step, placed on the time axis ({@code Period=IterationNumber, XAxisType=Timestamp}): over the
   * points with a step and a timestamp in {@code [fromMs, toMs)}, x is the latest timestamp among the step's
   * points; buckets by ascending x, then step. When truncated, the continuation starts 1 ms after the last x
   * returned. See {@link StepsOnTimeAxis} for how a cut avoids splitting a step.
   *
   * <p>Unlike the other two, this reads the whole range before answering: a step's x is known only at the end.
   * Its memory grows with the number of distinct steps in the range, not with the number of points.
   */
  public static BucketedSeries stepsByTime(
      MetricStore store, SeriesKey series, long fromMs, long toMs, int maxBuckets) {
    StepsOnTimeAxis sink = new StepsOnTimeAxis();
    checkMax(maxBuckets);
    if (fromMs < toMs) {
      store.scanByTime(series, fromMs, toMs, sink);
    }
    return sink.result(maxBuckets);
  }

  private static long checkWidth(long width) {
    if (width < 1) {
      throw new IllegalArgumentException("width " + width + " must be >= 1");
    }
    return width;
  }

  private static int checkMax(int maxBuckets) {
    if (maxBuckets < 1) {
      throw new IllegalArgumentException("maxBuckets " + maxBuckets + " must be >= 1");
    }
    return maxBuckets;
  }
}
