package dev.stepwise.bench.jmh;

import dev.stepwise.aggregate.BucketedSeries;
import dev.stepwise.aggregate.Bucketing;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One-minute buckets of a day of one series, 1,000,000 points (one every 86.4 ms): the raw fold of the points into
 * 1,440 {@link BucketStats}, the same through {@link Bucketing#byTime} above a store that costs nothing and above
 * the in-memory store, and the merge of 1,440 minute buckets into 24 hour buckets that pre-aggregation relies on.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AggregationBenchmark {
  static final int POINTS = 1_000_000;
  static final long MINUTE_MS = 60_000;
  static final long DAY_MS = 86_400_000;
  static final int MINUTES = 1_440;
  static final SeriesKey SERIES =
      new SeriesKey(Requests.ACCOUNT, Requests.REGION, Requests.TRIAL_COMPONENT, "train:loss");
  /** The start of the day bucketed, aligned to the hour so that 60 minute buckets make each hour bucket. */
  static final long DAY_START = Requests.SIGNED_AT.toEpochMilli() / DAY_MS * DAY_MS - DAY_MS;

  /** The day's points in arrays, and its 1,440 minute buckets already built. */
  @State(Scope.Benchmark)
  public static class Day {
    long[] timestampsMs;
    double[] values;
    ReplayStore store;
    BucketStats[] minutes;

    @Setup
    public void setUp() {
      timestampsMs = new long[POINTS];
      values = new double[POINTS];
      SplittableRandom random = new SplittableRandom(6);
      for (int i = 0; i < POINTS; i++) {
        timestampsMs[i] = DAY_START + i * DAY_MS / POINTS;
        values[i] = 2.5 / (1 + i * 1e-5) + random.nextDouble(-0.05, 0.05); // a noisy loss curve
      }
      store = new ReplayStore(timestampsMs, values);
      minutes = fold(timestampsMs, values);
      requireBuckets(Bucketing.byTime(store, SERIES, DAY_START, DAY_START + DAY_MS, MINUTE_MS, 20_000), MINUTES);
    }
  }

  /** The same day in the in-memory store (the fake the protocol tests use), appended in 1,000-point batches. */
  @State(Scope.Benchmark)
  public static class InMemoryDay {
    InMemoryMetricStore store;

    @Setup
    public void setUp(Day day) {
      store = new InMemoryMetricStore(StoreLimits.DEFAULT);
      List<NewPoint> batch = new ArrayList<>();
      for (int i = 0; i < POINTS; i++) {
        batch.add(new NewPoint(SERIES.metricName(), day.timestampsMs[i], NewPoint.NO_STEP, day.values[i]));
        if (batch.size() == 1_000 || i == POINTS - 1) {
          AppendBatch append = new AppendBatch(SERIES.account(), SERIES.region(), SERIES.trialComponent(), batch);
          if (store.append(append).join().stream().anyMatch(outcome -> outcome != AppendOutcome.STORED)) {
            throw new IllegalStateException("the in-memory store refused a point");
          }
          batch.clear();
        }
      }
      requireBuckets(Bucketing.byTime(store, SERIES, DAY_START, DAY_START + DAY_MS, MINUTE_MS, 20_000), MINUTES);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }
  }

  /** The points of each minute into its own accumulator: the arithmetic of aggregation and nothing else. */
  @Benchmark
  public BucketStats[] foldMinuteBuckets(Day day) {
    return fold(day.timestampsMs, day.values);
  }

  /** As a {@code OneMinute} query does it, above a store whose scan is a loop over two arrays. */
  @Benchmark
  public BucketedSeries bucketingByTime(Day day) {
    return Bucketing.byTime(day.store, SERIES, DAY_START, DAY_START + DAY_MS, MINUTE_MS, 20_000);
  }

  /** As above, the scan by {@link InMemoryMetricStore} included (it copies and sorts the series on every scan). */
  @Benchmark
  public BucketedSeries bucketingByTimeInMemoryStore(InMemoryDay day) {
    return Bucketing.byTime(day.store, SERIES, DAY_START, DAY_START + DAY_MS, MINUTE_MS, 20_000);
  }

  /** 1,440 minute buckets merged into 24 hour buckets (Chan et al.'s formula), as pre-aggregation would. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public BucketStats[] mergeMinutesIntoHours(Day day) {
    BucketStats[] hours = new BucketStats[24];
    for (int m = 0; m < MINUTES; m++) {
      BucketStats hour = hours[m / 60];
      if (hour == null) {
        hour = hours[m / 60] = new BucketStats();
      }
      hour.merge(day.minutes[m]);
    }
    return hours;
  }

  static BucketStats[] fold(long[] timestampsMs, double[] values) {
    BucketStats[] minutes = new BucketStats[MINUTES];
    for (int i = 0; i < timestampsMs.length; i++) {
      int minute = (int) ((timestampsMs[i] - DAY_START) / MINUTE_MS);
      BucketStats stats = minutes[minute];
      if (stats == null) {
        stats = minutes[minute] = new BucketStats();
      }
      stats.add(timestampsMs[i], i, values[i]);
    }
    return minutes;
  }

  static void requireBuckets(BucketedSeries series, int expected) {
    if (series.truncated() || series.buckets().size() != expected) {
      throw new IllegalStateException(
          series.buckets().size() + " buckets (truncated: " + series.truncated() + "), expected " + expected);
    }
  }
}
