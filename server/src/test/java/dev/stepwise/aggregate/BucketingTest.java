package dev.stepwise.aggregate;

import dev.stepwise.stats.Stat;

import static dev.stepwise.aggregate.SeriesFixture.SERIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.aggregate.NaiveBuckets.Expected;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketingTest {
  private static final long T0 = 1_767_312_000_000L; // 2026-01-02T00:00:00Z, aligned to the hour
  private static final long HOUR = 3_600_000L;
  private static final int NO_LIMIT = Integer.MAX_VALUE;

  private final SeriesFixture fixture = new SeriesFixture();

  @Nested
  @DisplayName("agrees with the naive raw computation on random data")
  class AgainstNaive {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void allModesAllStats(long seed) {
      Random random = new Random(seed);
      fillRandomly(random, 200 + random.nextInt(1500));
      long[] timeWidths = {1, 7, 1_000, 60_000, 300_000, HOUR, 1 + random.nextInt(10_000_000)};
      for (long width : timeWidths) {
        long from = T0 - HOUR + random.nextLong(2 * HOUR);
        long to = from + random.nextLong(4 * HOUR);
        assertAgree(Bucketing.byTime(fixture, SERIES, from, to, width, NO_LIMIT),
            NaiveBuckets.byTime(fixture.stored, from, to, width));
        assertAgree(Bucketing.byTime(fixture, SERIES, Long.MIN_VALUE, Long.MAX_VALUE, width, NO_LIMIT),
            NaiveBuckets.byTime(fixture.stored, Long.MIN_VALUE, Long.MAX_VALUE, width));
      }
      long origin = T0 - HOUR + random.nextLong(HOUR);
      for (long width : new long[] {1, 7, 60_000, 1 + random.nextInt(1_000_000)}) {
        long from = random.nextLong(HOUR) - HOUR / 2;
        long to = from + random.nextLong(3 * HOUR);
        assertAgree(Bucketing.byTimeSince(fixture, SERIES, origin, from, to, width, NO_LIMIT),
            NaiveBuckets.byTimeSince(fixture.stored, origin, from, to, width));
      }
      for (long width : new long[] {1, 2, 3, 10, 1_000}) {
        long from = random.nextInt(100) - 20;
        long to = from + random.nextInt(250);
        assertAgree(Bucketing.byStep(fixture, SERIES, from, to, width, NO_LIMIT),
            NaiveBuckets.byStep(fixture.stored, from, to, width));
      }
      long from = T0 - HOUR + random.nextLong(2 * HOUR);
      long to = from + random.nextLong(4 * HOUR);
      assertAgree(Bucketing.stepsByTime(fixture, SERIES, from, to, NO_LIMIT),
          NaiveBuckets.stepsByTime(fixture.stored, from, to));
      assertAgree(Bucketing.stepsByTime(fixture, SERIES, Long.MIN_VALUE, Long.MAX_VALUE, NO_LIMIT),
          NaiveBuckets.stepsByTime(fixture.stored, Long.MIN_VALUE, Long.MAX_VALUE));
    }
  }

  @Nested
  @DisplayName("time buckets")
  class TimeBuckets {

    @Test
    @DisplayName("x is the epoch-aligned bucket start, even for the partial first bucket of an unaligned Start")
    void alignedX() {
      fixture.put(T0 + 59_999, 0, 1.0);
      fixture.put(T0 + 60_000, 1, 2.0);
      fixture.put(T0 + 60_001, 2, 3.0);

      BucketedSeries result = Bucketing.byTime(fixture, SERIES, T0 + 30_000, T0 + 60_001, 60_000, 10);

      assertThat(result.buckets()).extracting(Bucket::x).containsExactly(T0, T0 + 60_000);
      assertThat(result.buckets()).extracting(b -> b.value(Stat.Count)).containsExactly(1.0, 1.0);
      assertThat(result.truncated()).isFalse();
    }

    @Test
    @DisplayName("exactly maxBuckets buckets is a complete result")
    void exactlyAtLimit() {
      for (int minute = 0; minute < 3; minute++) {
        fixture.put(T0 + minute * 60_000L, minute, minute);
      }

      BucketedSeries result = Bucketing.byTime(fixture, SERIES, T0, T0 + HOUR, 60_000, 3);

      assertThat(result.buckets()).hasSize(3);
      assertThat(result.truncated()).isFalse();
    }

    @Test
    @DisplayName("truncation stops the scan once the minute after the limit is known whole")
    void stopsEarly() {
      for (int minute = 0; minute < 100; minute++) {
        fixture.put(T0 + minute * 60_000L, NewPoint.NO_STEP, minute);
        fixture.put(T0 + minute * 60_000L + 1, NewPoint.NO_STEP, minute);
      }

      BucketedSeries result = Bucketing.byTime(fixture, SERIES, T0, T0 + HOUR * 2, 60_000, 10);

      assertThat(result.buckets()).hasSize(10);
      assertThat(result.nextStart()).hasValue(T0 + 10 * 60_000L);
      // 10 buckets of 2 points; the 11th minute is known whole at the first point of the 12th, and the scan stops.
      assertThat(fixture.pointsScanned).isEqualTo(23);
    }

    @ParameterizedTest(name = "maxBuckets {0}")
    @ValueSource(ints = {1, 2, 5, 17})
    @DisplayName("following nextStart returns every bucket once and whole")
    void continuation(int maxBuckets) {
      fillRandomly(new Random(maxBuckets), 600);
      long from = T0 - HOUR + 12_345;
      long to = T0 + 2 * HOUR;

      assertContinuationEqualsWhole(
          start -> Bucketing.byTime(fixture, SERIES, start, to, 300_000, maxBuckets),
          Bucketing.byTime(fixture, SERIES, from, to, 300_000, NO_LIMIT), from, maxBuckets);
    }
  }

  @Nested
  @DisplayName("time buckets since an origin")
  class RelativeTimeBuckets {

    @Test
    @DisplayName("are aligned to the origin, not the epoch, and x is the time since it")
    void alignedToOrigin() {
      long origin = T0 + 12_345;
      fixture.put(origin, 0, 1.0);
      fixture.put(origin + 999, 1, 3.0);
      fixture.put(origin + 1_000, 2, 5.0);
      fixture.put(origin + 2_500, 3, 7.0);
      fixture.put(origin - 1, 4, 100.0); // before the origin: outside [0, to)

      BucketedSeries result = Bucketing.byTimeSince(fixture, SERIES, origin, 0, 3_000, 1_000, 10);

      assertThat(result.buckets()).extracting(Bucket::x).containsExactly(0L, 1_000L, 2_000L);
      assertThat(result.buckets()).extracting(b -> b.value(Stat.Avg)).containsExactly(2.0, 5.0, 7.0);
      assertThat(Bucketing.byTimeSince(fixture, SERIES, origin, 1_000, 2_000, 1_000, 10).buckets())
          .extracting(b -> b.value(Stat.Count)).containsExactly(1.0);
    }

    @Test
    @DisplayName("truncated, continue from the end of the last bucket, on the relative axis")
    void nextStart() {
      long origin = T0 + 7;
      for (int i = 0; i < 10; i++) {
        fixture.put(origin + i * 100L, i, i);
      }

      BucketedSeries result = Bucketing.byTimeSince(fixture, SERIES, origin, 0, 1_000, 200, 2);

      assertThat(result.buckets()).extracting(Bucket::x).containsExactly(0L, 200L);
      assertThat(result.nextStart()).hasValue(400);
    }
  }

  @Nested
  @DisplayName("step buckets")
  class StepBuckets {

    @Test
    @DisplayName("x is the first step of the bucket; points without a step are left out")
    void firstStepAndNoStep() {
      fixture.put(T0, 3, 1.0);
      fixture.put(T0 + 1, 5, 2.0);
      fixture.put(T0 + 2, 6, 4.0);
      fixture.put(T0 + 3, NewPoint.NO_STEP, 100.0);

      BucketedSeries result = Bucketing.byStep(fixture, SERIES, 0, 100, 4, 10);

      assertThat(result.buckets()).extracting(Bucket::x).containsExactly(0L, 4L);
      assertThat(result.buckets()).extracting(b -> b.value(Stat.Avg)).containsExactly(1.0, 3.0);
    }

    @Test
    @DisplayName("Last within a step is the point with the greatest timestamp, not the last scanned")
    void lastByTimestamp() {
      fixture.put(T0 + 500, 1, 1.0);
      fixture.put(T0 + 100, 1, 2.0); // stored later, but earlier in time

      BucketedSeries result = Bucketing.byStep(fixture, SERIES, 0, 10, 1, 10);

      assertThat(result.buckets().getFirst().value(Stat.Last)).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "maxBuckets {0}")
    @ValueSource(ints = {1, 3, 8})
    @DisplayName("following nextStart returns every bucket once and whole")
    void continuation(int maxBuckets) {
      fillRandomly(new Random(100 + maxBuckets), 400);

      assertContinuationEqualsWhole(
          start -> Bucketing.byStep(fixture, SERIES, start, 150, 3, maxBuckets),
          Bucketing.byStep(fixture, SERIES, 5, 150, 3, NO_LIMIT), 5, maxBuckets);
    }

    @Test
    @DisplayName("nextStart is the step after the last bucket returned")
    void nextStart() {
      for (int step = 0; step < 10; step++) {
        fixture.put(T0 + step, step * 2, step);
      }

      BucketedSeries result = Bucketing.byStep(fixture, SERIES, 0, 100, 1, 3);

      assertThat(result.buckets()).extracting(Bucket::x).containsExactly(0L, 2L, 4L);
      assertThat(result.nextStart()).hasValue(5);
    }
  }

  @Nested
  @DisplayName("steps on the time axis")
  class StepsOnTimeAxis {

    @Test
    @DisplayName("x is the latest timestamp of the step, and buckets are ordered by x, then step")
    void orderedByLatestTimestamp() {
      fixture.put(T0 + 10, 2, 1.0);
      fixture.put(T0 + 50, 1, 2.0);
      fixture.put(T0 + 100, 2, 3.0);
      fixture.put(T0 + 50, 0, 4.0);
      fixture.put(T0 + 60, NewPoint.NO_STEP, 5.0);

      BucketedSeries result = Bucketing.stepsByTime(fixture, SERIES, T0, T0 + 1_000, 10);

      assertThat(result.buckets()).extracting(Bucket::x).containsExactly(T0 + 50, T0 + 50, T0 + 100);
      assertThat(result.buckets()).extracting(Bucket::start).containsExactly(0L, 1L, 2L);
      assertThat(result.buckets().get(2).value(Stat.Avg)).isEqualTo(2.0);
    }

    @Test
    @DisplayName("a cut never separates two steps that share the millisecond of the cut")
    void cutBacksOffOnTie() {
      fixture.put(T0 + 10, 0, 1.0);
      fixture.put(T0 + 20, 1, 2.0);
      fixture.put(T0 + 20, 2, 3.0);
      fixture.put(T0 + 30, 3, 4.0);

      BucketedSeries first = Bucketing.stepsByTime(fixture, SERIES, T0, T0 + 100, 2);

      assertThat(first.buckets()).extracting(Bucket::start).containsExactly(0L);
      assertThat(first.nextStart()).hasValue(T0 + 11);
      assertContinuationEqualsWhole(
          start -> Bucketing.stepsByTime(fixture, SERIES, start, T0 + 100, 2),
          Bucketing.stepsByTime(fixture, SERIES, T0, T0 + 100, NO_LIMIT), T0, 2);
    }

    @Test
    @DisplayName("when steps interleave in time so that no clean cut exists, the straddling step is split")
    void noCleanCut() {
      // Step 1 has points before and after step 2's only point: whatever the cut, one step straddles it.
      fixture.put(T0 + 10, 1, 1.0);
      fixture.put(T0 + 50, 2, 2.0);
      fixture.put(T0 + 100, 1, 3.0);

      BucketedSeries first = Bucketing.stepsByTime(fixture, SERIES, T0, T0 + 1_000, 1);
      BucketedSeries rest = Bucketing.stepsByTime(fixture, SERIES, first.nextStart().getAsLong(), T0 + 1_000, 1);

      assertThat(first.buckets()).extracting(Bucket::start).containsExactly(2L);
      assertThat(first.nextStart()).hasValue(T0 + 51);
      assertThat(rest.buckets()).extracting(Bucket::start).containsExactly(1L);
      assertThat(rest.buckets().getFirst().value(Stat.Count)).isEqualTo(1.0); // of 2: the documented limitation
    }

    @ParameterizedTest(name = "maxBuckets {0}")
    @ValueSource(ints = {1, 4, 9})
    @DisplayName("with steps advancing in time, following nextStart returns every step once and whole")
    void continuation(int maxBuckets) {
      Random random = new Random(200 + maxBuckets);
      long ts = T0;
      for (int step = 0; step < 60; step += 1 + random.nextInt(3)) {
        for (int i = random.nextInt(4); i >= 0; i--) {
          ts += 1 + random.nextInt(1_000);
          fixture.put(ts, step, random.nextGaussian());
          if (random.nextInt(5) == 0) {
            fixture.put(ts, NewPoint.NO_STEP, random.nextGaussian());
          }
        }
      }

      long end = ts + 1;
      BucketedSeries whole = Bucketing.stepsByTime(fixture, SERIES, T0, end, NO_LIMIT);
      assertContinuationEqualsWhole(
          start -> Bucketing.stepsByTime(fixture, SERIES, start, end, maxBuckets), whole, T0, maxBuckets);
      assertAgree(whole, NaiveBuckets.stepsByTime(fixture.stored, T0, end));
    }
  }

  @Test
  @DisplayName("an empty range or an unknown series gives no bucket and a complete result")
  void empty() {
    fixture.put(T0, 1, 1.0);

    assertThat(Bucketing.byTime(fixture, SERIES, T0, T0, 60_000, 10).buckets()).isEmpty();
    assertThat(Bucketing.byTime(fixture, SERIES, T0 + 1, T0, 60_000, 10).buckets()).isEmpty();
    assertThat(Bucketing.byStep(fixture, SERIES, 2, 100, 1, 10).buckets()).isEmpty();
    SeriesKey other = new SeriesKey("111122223333", "us-east-1", "tc-1", "other");
    BucketedSeries unknown = Bucketing.stepsByTime(fixture, other, 0, T0 * 2, 10);
    assertThat(unknown.buckets()).isEmpty();
    assertThat(unknown.truncated()).isFalse();
  }

  /** Random points around T0: duplicate timestamps, exact duplicate points, some without a step. */
  private void fillRandomly(Random random, int count) {
    List<NewPoint> batch = new ArrayList<>();
    long[] popular = random.longs(20, T0 - HOUR, T0 + 2 * HOUR).toArray();
    for (int i = 0; i < count; i++) {
      long ts = random.nextInt(3) == 0
          ? popular[random.nextInt(popular.length)]
          : T0 - HOUR + random.nextLong(3 * HOUR);
      int step = random.nextInt(5) == 0 ? NewPoint.NO_STEP : random.nextInt(200);
      double value = random.nextBoolean() ? random.nextInt(10) : random.nextGaussian() * 100 + 50;
      batch.add(new NewPoint(SERIES.metricName(), ts, step, value));
      if (random.nextInt(20) == 0) {
        batch.add(batch.getLast()); // an exact duplicate: stored once
      }
      if (batch.size() >= 10) {
        fixture.put(batch);
        batch.clear();
      }
    }
    fixture.put(batch);
  }

  private static void assertAgree(BucketedSeries actual, List<Expected> expected) {
    assertThat(actual.truncated()).isFalse();
    assertThat(actual.buckets()).extracting(Bucket::x).containsExactlyElementsOf(
        expected.stream().map(Expected::x).toList());
    for (int i = 0; i < expected.size(); i++) {
      Bucket bucket = actual.buckets().get(i);
      Expected want = expected.get(i);
      for (Stat stat : new Stat[] {Stat.Min, Stat.Max, Stat.Count, Stat.Last}) {
        assertThat(bucket.value(stat)).as("%s of bucket %d", stat, want.x()).isEqualTo(want.value(stat));
      }
      for (Stat stat : new Stat[] {Stat.Avg, Stat.StdDev}) {
        double tolerance = 1e-9 * Math.max(1.0, Math.abs(want.value(stat)));
        assertThat(bucket.value(stat)).as("%s of bucket %d", stat, want.x())
            .isCloseTo(want.value(stat), within(tolerance));
      }
    }
  }

  /** Follows nextStart from {@code from} until complete; the pages must concatenate to {@code whole}. */
  private static void assertContinuationEqualsWhole(
      LongFunction<BucketedSeries> query, BucketedSeries whole, long from, int maxBuckets) {
    List<Bucket> concatenated = new ArrayList<>();
    long start = from;
    int pages = 0;
    while (true) {
      BucketedSeries page = query.apply(start);
      pages++;
      assertThat(page.buckets()).hasSizeLessThanOrEqualTo(maxBuckets);
      concatenated.addAll(page.buckets());
      if (!page.truncated()) {
        break;
      }
      assertThat(page.nextStart().getAsLong()).isGreaterThan(start);
      start = page.nextStart().getAsLong();
      assertThat(pages).isLessThan(10_000);
    }
    assertThat(whole.truncated()).isFalse();
    if (whole.buckets().size() > maxBuckets) {
      assertThat(pages).isGreaterThan(1);
    }
    assertThat(concatenated).extracting(Bucket::start).containsExactlyElementsOf(
        whole.buckets().stream().map(Bucket::start).toList());
    assertThat(concatenated).extracting(Bucket::x).containsExactlyElementsOf(
        whole.buckets().stream().map(Bucket::x).toList());
    for (int i = 0; i < concatenated.size(); i++) {
      for (Stat stat : Stat.values()) {
        assertThat(concatenated.get(i).value(stat)).isEqualTo(whole.buckets().get(i).value(stat));
      }
    }
  }
}
