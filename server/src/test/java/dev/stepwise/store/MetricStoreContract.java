package dev.stepwise.store;

import static dev.stepwise.store.AppendOutcome.DUPLICATE;
import static dev.stepwise.store.AppendOutcome.METRIC_LIMIT_EXCEEDED;
import static dev.stepwise.store.AppendOutcome.STORED;
import static dev.stepwise.store.NewPoint.NO_STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link MetricStore} promises, as tests. A backend runs it by subclassing it and saying how to
 * create a store; everything here follows from the {@code MetricStore} javadoc.
 */
public abstract class MetricStoreContract {
  protected static final String ACCOUNT = "111122223333";
  protected static final String REGION = "us-east-1";
  protected static final String TRIAL_COMPONENT = "training-job-1-aws-training-job";
  protected static final String METRIC = "train:loss";
  protected static final SeriesKey SERIES = new SeriesKey(ACCOUNT, REGION, TRIAL_COMPONENT, METRIC);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<MetricStore> opened = Collections.synchronizedList(new ArrayList<>());
  protected MetricStore store;

  /** A new, empty store with these limits; the suite closes it. */
  protected abstract MetricStore createStore(StoreLimits limits);

  @BeforeEach
  void openDefaultStore() {
    store = open(StoreLimits.DEFAULT);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(MetricStore::close);
  }

  protected MetricStore open(StoreLimits limits) {
    MetricStore created = createStore(limits);
    opened.add(created);
    return created;
  }

  // ---- helpers ----

  /** One point as a scan passed it. */
  protected record Row(long timestampMs, int step, double value, long sequence) {}

  protected static NewPoint point(long timestampMs, int step, double value) {
    return new NewPoint(METRIC, timestampMs, step, value);
  }

  protected static AppendBatch batch(NewPoint... points) {
    return new AppendBatch(ACCOUNT, REGION, TRIAL_COMPONENT, List.of(points));
  }

  protected static List<AppendOutcome> append(MetricStore store, AppendBatch batch) {
    return store.append(batch).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  protected List<AppendOutcome> append(NewPoint... points) {
    return append(store, batch(points));
  }

  protected static List<Row> byTime(MetricStore store, SeriesKey series, long fromMs, long toMs) {
    List<Row> rows = new ArrayList<>();
    store.scanByTime(series, fromMs, toMs, (t, s, v, q) -> rows.add(new Row(t, s, v, q)));
    return rows;
  }

  protected static List<Row> byStep(MetricStore store, SeriesKey series, long fromStep, long toStep) {
    List<Row> rows = new ArrayList<>();
    store.scanByStep(series, fromStep, toStep, (t, s, v, q) -> rows.add(new Row(t, s, v, q)));
    return rows;
  }

  protected List<Row> all(SeriesKey series) {
    return byTime(store, series, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  protected static List<Long> timestamps(List<Row> rows) {
    return rows.stream().map(Row::timestampMs).toList();
  }

  // ---- the contract ----

  @Nested
  @DisplayName("experiments")
  class Experiments extends ExperimentStoreContract {
    @Override
    protected MetricStore store() {
      return store;
    }
  }

  @Nested
  @DisplayName("append")
  class Appending {
    @Test
    @DisplayName("gives one outcome per point, in the batch's order")
    void outcomesInOrder() {
      append(point(1, NO_STEP, 1.0), point(2, NO_STEP, 2.0));

      assertThat(append(point(3, NO_STEP, 3.0), point(1, NO_STEP, 1.0), point(4, NO_STEP, 4.0), point(2, NO_STEP, 2.0)))
          .containsExactly(STORED, DUPLICATE, STORED, DUPLICATE);
    }

    @Test
    @DisplayName("gives no outcomes for an empty batch")
    void emptyBatch() {
      assertThat(append()).isEmpty();
    }

    @Test
    @DisplayName("gives STORED then DUPLICATE for two equal points in one batch, and stores one")
    void duplicateWithinBatch() {
      assertThat(append(point(5, 1, 0.5), point(5, 1, 0.5))).containsExactly(STORED, DUPLICATE);
      assertThat(all(SERIES)).hasSize(1);
    }

    @Test
    @DisplayName("gives DUPLICATE for every point of a retried batch and stores nothing new")
    void retriedBatch() {
      AppendBatch batch = batch(point(1, 0, 1.5), point(2, NO_STEP, 2.5), point(3, 7, -3.5));
      assertThat(append(store, batch)).containsOnly(STORED);
      List<Row> before = all(SERIES);

      assertThat(append(store, batch)).containsExactly(DUPLICATE, DUPLICATE, DUPLICATE);
      assertThat(all(SERIES)).isEqualTo(before);
    }

    @Test
    @DisplayName("treats -0.0 and 0.0 as the same value")
    void signedZero() {
      assertThat(append(point(1, NO_STEP, 0.0), point(1, NO_STEP, -0.0))).containsExactly(STORED, DUPLICATE);
    }

    @Test
    @DisplayName("stores extreme but valid values exactly")
    void extremes() {
      NewPoint[] points = {
        point(0, 0, Double.MIN_VALUE),
        point(Long.MAX_VALUE - 1, Integer.MAX_VALUE, Double.MAX_VALUE),
        point(1_700_000_000_123L, 3, -Double.MAX_VALUE),
        point(1_700_000_000_124L, NO_STEP, 0.1 + 0.2)
      };
      assertThat(append(points)).containsOnly(STORED);

      assertThat(all(SERIES))
          .map(r -> new NewPoint(METRIC, r.timestampMs(), r.step(), r.value()))
          .containsExactlyInAnyOrder(points);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stepwise.store.MetricStoreContract#identityVariants")
    @DisplayName("stores a point that differs from a stored one in any part of its identity")
    void anyDifferenceIsNew(String difference, AppendBatch variant) {
      append(point(1_000, 5, 1.25));

      assertThat(append(store, variant)).as(difference).containsExactly(STORED);
      assertThat(append(store, variant)).as(difference + ", retried").containsExactly(DUPLICATE);
    }
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> identityVariants() {
    NewPoint base = point(1_000, 5, 1.25);
    return Stream.of(
        variant("timestamp", batch(point(1_001, 5, 1.25))),
        variant("step", batch(point(1_000, 6, 1.25))),
        variant("no step instead of a step", batch(point(1_000, NO_STEP, 1.25))),
        variant("step 0 instead of step 5", batch(point(1_000, 0, 1.25))),
        variant("value", batch(point(1_000, 5, 1.2500000000000002))),
        variant("metric name", batch(new NewPoint("train:accuracy", 1_000, 5, 1.25))),
        variant("trial component", new AppendBatch(ACCOUNT, REGION, "other-tc", List.of(base))),
        variant("account", new AppendBatch("444455556666", REGION, TRIAL_COMPONENT, List.of(base))),
        variant("region", new AppendBatch(ACCOUNT, "eu-west-1", TRIAL_COMPONENT, List.of(base))));
  }

  private static org.junit.jupiter.params.provider.Arguments variant(String difference, AppendBatch batch) {
    return org.junit.jupiter.params.provider.Arguments.of(difference, batch);
  }

  @Nested
  @DisplayName("deleteTrialComponent")
  class Deleting {
    private long delete(MetricStore target, String trialComponent) {
      return target.deleteTrialComponent(ACCOUNT, REGION, trialComponent)
          .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Test
    @DisplayName("removes every point, kept minute and metric name of that trial component, and nothing else")
    void deletesOneTrialComponent() {
      MetricStore limited = open(new StoreLimits(2, 100));
      AppendBatch doomed = new AppendBatch(ACCOUNT, REGION, TRIAL_COMPONENT, List.of(
          new NewPoint("a", 60_000, 1, 1), new NewPoint("a", 61_000, 2, 2), new NewPoint("b", 120_000, 1, 3)));
      AppendBatch kept = new AppendBatch(ACCOUNT, REGION, "other", List.of(new NewPoint("a", 60_000, 1, 1)));
      AppendBatch otherAccount = new AppendBatch("999988887777", REGION, TRIAL_COMPONENT,
          List.of(new NewPoint("a", 60_000, 1, 1)));
      append(limited, doomed);
      append(limited, kept);
      append(limited, otherAccount);

      assertThat(delete(limited, TRIAL_COMPONENT)).isEqualTo(3);

      SeriesKey a = new SeriesKey(ACCOUNT, REGION, TRIAL_COMPONENT, "a");
      assertThat(byTime(limited, a, Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
      assertThat(byStep(limited, a, 0, Integer.MAX_VALUE)).isEmpty();
      assertThat(minutes(limited, a, Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
      assertThat(limited.summarize(a)).isEmpty();
      assertThat(limited.summarize(new Partition(ACCOUNT, REGION)))
          .extracting(SeriesSummary::trialComponent).containsExactly("other");
      assertThat(byTime(limited, new SeriesKey(ACCOUNT, REGION, "other", "a"), Long.MIN_VALUE, Long.MAX_VALUE))
          .hasSize(1);
      assertThat(byTime(limited, new SeriesKey("999988887777", REGION, TRIAL_COMPONENT, "a"), Long.MIN_VALUE,
          Long.MAX_VALUE)).hasSize(1);
      // Written again: stored anew (no duplicate of a deleted point), with the metric-name count back at zero.
      assertThat(append(limited, new AppendBatch(ACCOUNT, REGION, TRIAL_COMPONENT, List.of(
          new NewPoint("a", 60_000, 1, 1), new NewPoint("c", 1, NO_STEP, 1), new NewPoint("d", 1, NO_STEP, 1)))))
          .containsExactly(STORED, STORED, METRIC_LIMIT_EXCEEDED);
      assertThat(byTime(limited, a, Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
      assertThat(minutes(limited, a, Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    @DisplayName("of a trial component without points deletes nothing, and may be repeated")
    void idempotent() {
      assertThat(delete(store, "never-written")).isZero();
      append(point(1, 1, 1));
      assertThat(delete(store, TRIAL_COMPONENT)).isEqualTo(1);
      assertThat(delete(store, TRIAL_COMPONENT)).isZero();
    }
  }

  /** Whether the store keeps minute aggregates apart from the points (so that they outlive retention). */
  protected boolean keepsMinuteAggregates() {
    return true;
  }

  @Nested
  @DisplayName("dropPointsBefore")
  class Retention {
    private long drop(MetricStore target, long cutoffMs) {
      return target.dropPointsBefore(cutoffMs).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Test
    @DisplayName("drops the points of whole minutes before the cutoff's, keeps the rest, and their minutes if kept")
    void dropsOldMinutes() {
      long minute = 60_000;
      append(point(0, 0, 1), point(30_000, 1, 2), point(minute + 10, 2, 3), point(2 * minute + 5, 3, 4),
          point(10 * minute, NO_STEP, 5));
      SeriesKey other = series("other");
      append(store, new AppendBatch(ACCOUNT, REGION, TRIAL_COMPONENT, List.of(new NewPoint("other", 0, 0, 9))));

      // The cutoff falls inside minute 2: minutes 0 and 1 go, minute 2 stays whole.
      assertThat(drop(store, 2 * minute + 30_000)).isEqualTo(4);

      assertThat(all(SERIES)).extracting(Row::value).containsExactly(4.0, 5.0);
      assertThat(byStep(store, SERIES, 0, 100)).extracting(Row::step).containsExactly(3);
      assertThat(all(other)).isEmpty();
      assertThat(store.summarize(SERIES)).hasValueSatisfying(s -> {
        assertThat(s.pointCount()).isEqualTo(2);
        assertThat(s.firstTimestampMs()).isEqualTo(2 * minute + 5);
        assertThat(s.minStep()).isEqualTo(3);
        assertThat(s.lastTimestampMs()).isEqualTo(10 * minute);
        assertThat(s.lastValue()).isEqualTo(5.0);
      });
      assertThat(store.summarize(other)).isEmpty();
      if (keepsMinuteAggregates()) {
        assertThat(minutes(store, SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).extracting(MinuteRow::minuteMs)
            .containsExactly(0L, minute, 2 * minute, 10 * minute);
        assertThat(minutes(store, SERIES, 0, minute)).singleElement()
            .satisfies(m -> assertThat(m.count()).isEqualTo(2));
      }
      assertThat(drop(store, 2 * minute + 30_000)).as("again: nothing left to drop").isZero();
      assertThat(append(point(20 * minute, 4, 6))).containsExactly(STORED);
    }

    @Test
    @DisplayName("leaves every series' summary as its remaining points give it, the largest step included")
    void summariesAfterwards() {
      long minute = 60_000;
      // The largest and the smallest steps, the first point and most points are old; a second series loses all.
      append(point(0, 500, 1), point(10, 2, 2), point(minute, 400, 3), point(5 * minute, 7, 4),
          point(5 * minute + 1, 9, 5), point(6 * minute, NO_STEP, 6));
      SeriesKey gone = series("gone");
      append(store, new AppendBatch(ACCOUNT, REGION, TRIAL_COMPONENT, List.of(new NewPoint("gone", 0, 3, 1))));

      assertThat(drop(store, 5 * minute)).isEqualTo(4);

      assertThat(store.summarize(SERIES)).hasValueSatisfying(s -> {
        assertThat(s.pointCount()).isEqualTo(3);
        assertThat(s.firstTimestampMs()).isEqualTo(5 * minute);
        assertThat(s.lastTimestampMs()).isEqualTo(6 * minute);
        assertThat(s.minStep()).isEqualTo(7);
        assertThat(s.maxStep()).as("the largest remaining step, not a dropped one").isEqualTo(9);
        assertThat(s.lastValue()).isEqualTo(6.0);
      });
      assertThat(store.summarize(gone)).isEmpty();
      assertThat(store.summarize(new Partition(ACCOUNT, REGION))).extracting(SeriesSummary::metricName)
          .containsExactly(METRIC);
      // And the summaries go on from there as points arrive.
      append(point(7 * minute, 8, 7));
      assertThat(store.summarize(SERIES)).hasValueSatisfying(s -> {
        assertThat(s.pointCount()).isEqualTo(4);
        assertThat(s.maxStep()).isEqualTo(9);
        assertThat(s.lastValue()).isEqualTo(7.0);
      });
    }
  }

  @Nested
  @DisplayName("limits")
  class Limits {
    @Test
    @DisplayName("reject a point of a new metric name once the trial component has the most metric names")
    void metricsPerTrialComponent() {
      MetricStore limited = open(new StoreLimits(2, 100));
      AppendBatch batch =
          new AppendBatch(
              ACCOUNT,
              REGION,
              TRIAL_COMPONENT,
              List.of(
                  new NewPoint("a", 1, NO_STEP, 1),
                  new NewPoint("b", 1, NO_STEP, 1),
                  new NewPoint("c", 1, NO_STEP, 1),
                  new NewPoint("a", 2, NO_STEP, 1),
                  new NewPoint("b", 2, NO_STEP, 1)));

      assertThat(append(limited, batch)).containsExactly(STORED, STORED, METRIC_LIMIT_EXCEEDED, STORED, STORED);
      assertThat(byTime(limited, series("c"), Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
      assertThat(byTime(limited, series("a"), Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(2);
      assertThat(append(limited, metricBatch(TRIAL_COMPONENT, "c"))).containsExactly(METRIC_LIMIT_EXCEEDED);
    }

    @Test
    @DisplayName("count metric names per trial component, account and region")
    void metricLimitScope() {
      MetricStore limited = open(new StoreLimits(1, 100));
      append(limited, metricBatch(TRIAL_COMPONENT, "a"));

      assertThat(append(limited, metricBatch("other-tc", "b"))).containsExactly(STORED);
      assertThat(append(limited, new AppendBatch("444455556666", REGION, TRIAL_COMPONENT, List.of(p("b")))))
          .containsExactly(STORED);
      assertThat(append(limited, new AppendBatch(ACCOUNT, "eu-west-1", TRIAL_COMPONENT, List.of(p("b")))))
          .containsExactly(STORED);
      assertThat(append(limited, metricBatch(TRIAL_COMPONENT, "b"))).containsExactly(METRIC_LIMIT_EXCEEDED);
    }

    @Test
    @DisplayName("keep rejecting a rejected metric name: it never becomes one of the trial component's metrics")
    void rejectedMetricStaysRejected() {
      MetricStore limited = open(new StoreLimits(1, 100));
      append(limited, metricBatch(TRIAL_COMPONENT, "a"));

      assertThat(append(limited, metricBatch(TRIAL_COMPONENT, "b", "b")))
          .containsExactly(METRIC_LIMIT_EXCEEDED, METRIC_LIMIT_EXCEEDED);
      assertThat(append(limited, metricBatch(TRIAL_COMPONENT, "b"))).containsExactly(METRIC_LIMIT_EXCEEDED);
      assertThat(byTime(limited, series("b"), Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
      assertThat(append(limited, batch(new NewPoint("a", 2, NO_STEP, 2)))).containsExactly(STORED);
    }

    @Test
    @DisplayName("reject points of a series that holds the most points, and store the rest of the batch")
    void pointsPerMetric() {
      MetricStore limited = open(new StoreLimits(10, 3));
      AppendBatch batch =
          new AppendBatch(
              ACCOUNT,
              REGION,
              TRIAL_COMPONENT,
              List.of(
                  point(1, NO_STEP, 1),
                  point(2, NO_STEP, 2),
                  point(3, NO_STEP, 3),
                  point(4, NO_STEP, 4),
                  new NewPoint("other", 1, NO_STEP, 1),
                  point(5, NO_STEP, 5)));

      assertThat(append(limited, batch))
          .containsExactly(STORED, STORED, STORED, METRIC_LIMIT_EXCEEDED, STORED, METRIC_LIMIT_EXCEEDED);
      assertThat(timestamps(byTime(limited, SERIES, Long.MIN_VALUE, Long.MAX_VALUE))).containsExactly(1L, 2L, 3L);
      assertThat(byTime(limited, series("other"), Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    @DisplayName("do not count duplicates, and report a duplicate of a full series as DUPLICATE")
    void duplicatesDoNotCount() {
      MetricStore limited = open(new StoreLimits(10, 2));

      assertThat(append(limited, batch(point(1, 1, 1), point(1, 1, 1), point(2, 2, 2))))
          .containsExactly(STORED, DUPLICATE, STORED);
      assertThat(append(limited, batch(point(1, 1, 1), point(3, 3, 3), point(2, 2, 2))))
          .containsExactly(DUPLICATE, METRIC_LIMIT_EXCEEDED, DUPLICATE);
    }

    @Test
    @DisplayName("hold against many threads racing to add metric names")
    void racingWriters() throws Exception {
      MetricStore limited = open(new StoreLimits(5, 1_000));
      List<String> names = IntStream.range(0, 64).mapToObj(i -> "m" + i).toList();

      List<AppendOutcome> outcomes =
          inParallel(8, names, name -> append(limited, metricBatch(TRIAL_COMPONENT, name))).stream()
              .flatMap(List::stream)
              .toList();

      assertThat(outcomes).filteredOn(o -> o == STORED).hasSize(5);
      assertThat(names).filteredOn(n -> !byTime(limited, series(n), Long.MIN_VALUE, Long.MAX_VALUE).isEmpty())
          .hasSize(5);
    }

    private static NewPoint p(String metric) {
      return new NewPoint(metric, 1, NO_STEP, 1);
    }

    private static AppendBatch metricBatch(String trialComponent, String... metrics) {
      return new AppendBatch(ACCOUNT, REGION, trialComponent, Stream.of(metrics).map(Limits::p).toList());
    }
  }

  protected static SeriesKey series(String metric) {
    return new SeriesKey(ACCOUNT, REGION, TRIAL_COMPONENT, metric);
  }

  @Nested
  @DisplayName("scanByTime")
  class ScanByTime {
    @BeforeEach
    void appendOutOfOrder() {
      append(point(30, 3, 3.0), point(10, NO_STEP, 1.0), point(20, 2, 2.0), point(20, 1, 2.5), point(40, 4, 4.0));
    }

    @Test
    @DisplayName("passes the points with from <= timestamp < to, by ascending timestamp")
    void halfOpenRange() {
      assertThat(timestamps(byTime(store, SERIES, 10, 40))).containsExactly(10L, 20L, 20L, 30L);
      assertThat(timestamps(byTime(store, SERIES, 11, 30))).containsExactly(20L, 20L);
      assertThat(timestamps(byTime(store, SERIES, 20, 21))).containsExactly(20L, 20L);
    }

    @Test
    @DisplayName("passes nothing for an empty range, a range with no points or an unknown series")
    void nothing() {
      assertThat(byTime(store, SERIES, 20, 20)).isEmpty();
      assertThat(byTime(store, SERIES, 41, 100)).isEmpty();
      assertThat(byTime(store, SERIES, 30, 10)).isEmpty();
      assertThat(byTime(store, series("never-written"), Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    @DisplayName("passes each point's step (NO_STEP when it has none) and value")
    void fields() {
      assertThat(byTime(store, SERIES, 10, 21))
          .map(r -> new NewPoint(METRIC, r.timestampMs(), r.step(), r.value()))
          .containsExactlyInAnyOrder(point(10, NO_STEP, 1.0), point(20, 2, 2.0), point(20, 1, 2.5));
    }

    @Test
    @DisplayName("stops as soon as the sink returns false")
    void earlyStop() {
      List<Long> seen = new ArrayList<>();
      store.scanByTime(SERIES, Long.MIN_VALUE, Long.MAX_VALUE, (t, s, v, q) -> seen.add(t) && seen.size() < 2);

      assertThat(seen).containsExactly(10L, 20L);
    }

    @Test
    @DisplayName("orders equal timestamps by step, then value")
    void canonicalOrder() {
      append(point(20, 1, 1.5), point(20, 2, -7.0));

      assertThat(byTime(store, SERIES, 20, 21))
          .map(r -> r.step() + "/" + r.value())
          .containsExactly("1/1.5", "1/2.5", "2/-7.0", "2/2.0");
    }
  }

  /** One minute as a scan passed it; records compare doubles bit for bit. */
  protected record MinuteRow(
      long minuteMs, long count, double min, double max, double mean, double m2, long lastTimestampMs,
      long lastSequence, double last) {
    static MinuteRow of(long minuteMs, dev.stepwise.stats.BucketStats s) {
      return new MinuteRow(
          minuteMs, s.count(), s.min(), s.max(), s.mean(), s.m2(), s.lastTimestampMs(), s.lastSequence(), s.last());
    }
  }

  protected static List<MinuteRow> minutes(MetricStore store, SeriesKey series, long fromMs, long toMs) {
    List<MinuteRow> rows = new ArrayList<>();
    store.scanMinutes(series, fromMs, toMs, (minute, stats) -> rows.add(MinuteRow.of(minute, stats)));
    return rows;
  }

  /** The definition: the scan's points folded minute by minute, whatever the store keeps. */
  protected static List<MinuteRow> foldedFromPoints(MetricStore store, SeriesKey series, long fromMs, long toMs) {
    List<MinuteRow> rows = new ArrayList<>();
    Minutes folder = new Minutes((minute, stats) -> rows.add(MinuteRow.of(minute, stats)));
    store.scanByTime(series, fromMs, toMs, folder);
    folder.finish();
    return rows;
  }

  @Nested
  @DisplayName("scanMinutes")
  class ScanMinutes {
    static final long M = Minutes.MINUTE_MS;

    @Test
    @DisplayName("aggregates each minute that holds a point, by ascending minute")
    void perMinute() {
      append(point(2 * M + 5, 1, 4.0), point(5, 1, 1.0), point(M - 1, 2, 3.0), point(2 * M, 3, 2.0));

      List<MinuteRow> rows = minutes(store, SERIES, Long.MIN_VALUE, Long.MAX_VALUE);

      assertThat(rows).extracting(MinuteRow::minuteMs).containsExactly(0L, 2 * M);
      assertThat(rows.get(0).count()).isEqualTo(2);
      assertThat(rows.get(0).mean()).isEqualTo(2.0);
      assertThat(rows.get(0).last()).isEqualTo(3.0);
      assertThat(rows.get(1).min()).isEqualTo(2.0);
      assertThat(rows.get(1).max()).isEqualTo(4.0);
    }

    @Test
    @DisplayName("a minute cut by the range aggregates only the points inside it")
    void cutMinutes() {
      for (int i = 0; i < 6; i++) {
        append(point(i * 30_000L, i, i));
      }

      List<MinuteRow> rows = minutes(store, SERIES, 30_000, 150_000);

      assertThat(rows).extracting(MinuteRow::minuteMs).containsExactly(0L, M, 2 * M);
      assertThat(rows).extracting(MinuteRow::count).containsExactly(1L, 2L, 1L);
      assertThat(rows).extracting(MinuteRow::mean).containsExactly(1.0, 2.5, 4.0);
      assertThat(minutes(store, SERIES, 10, 20)).isEmpty();
      assertThat(minutes(store, SERIES, 20, 10)).isEmpty();
    }

    @Test
    @DisplayName("stops as soon as the sink returns false")
    void earlyStop() {
      for (int i = 0; i < 5; i++) {
        append(point(i * M + 1, i, i));
      }
      List<Long> seen = new ArrayList<>();
      store.scanMinutes(SERIES, 0, 10 * M, (minute, stats) -> seen.add(minute) && seen.size() < 3);

      assertThat(seen).containsExactly(0L, M, 2 * M);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("dev.stepwise.store.MetricStoreContract#seeds")
    @DisplayName("equals, bit for bit, the points folded minute by minute, after appends in any order")
    void equalsTheFoldOfThePoints(long seed) {
      java.util.Random random = new java.util.Random(seed);
      List<NewPoint> points = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        // few minutes, many points each, shared timestamps and steps: every path of the kept aggregate is taken
        long timestamp = random.nextInt(8) * M + random.nextInt(4) * 15_000L + random.nextInt(3);
        int step = random.nextInt(4) == 0 ? NO_STEP : random.nextInt(50);
        double value = switch (random.nextInt(4)) {
          case 0 -> random.nextGaussian() * 1e6;
          case 1 -> random.nextDouble();
          case 2 -> (random.nextInt(5) - 2) * 0.1;
          default -> Math.scalb(random.nextDouble() - 0.5, random.nextInt(80) - 40);
        };
        points.add(point(timestamp, step, value));
      }
      // mostly forward in time, as training logs, with stragglers and retries
      points.sort(java.util.Comparator.comparingLong(NewPoint::timestampMs));
      for (int i = 0; i < 60; i++) {
        Collections.swap(points, random.nextInt(points.size()), random.nextInt(points.size()));
      }
      for (int i = 0; i < points.size(); i += 1 + random.nextInt(10)) {
        int end = Math.min(points.size(), i + 1 + random.nextInt(10));
        append(store, new AppendBatch(ACCOUNT, REGION, TRIAL_COMPONENT, List.copyOf(points.subList(i, end))));
        if (random.nextInt(8) == 0) {
          append(store, new AppendBatch(ACCOUNT, REGION, TRIAL_COMPONENT, List.copyOf(points.subList(i, end))));
        }
      }

      assertThat(minutes(store, SERIES, Long.MIN_VALUE, Long.MAX_VALUE))
          .hasSize(8)
          .isEqualTo(foldedFromPoints(store, SERIES, Long.MIN_VALUE, Long.MAX_VALUE));
      for (int i = 0; i < 20; i++) {
        long from = random.nextInt(9 * (int) M) - 1_000;
        long to = from + random.nextInt(9 * (int) M);
        assertThat(minutes(store, SERIES, from, to))
            .as("[%d, %d)", from, to)
            .isEqualTo(foldedFromPoints(store, SERIES, from, to));
      }
    }

    @Test
    @DisplayName("concurrent appends to one series keep every minute equal to the fold of its points")
    void concurrentAppends() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < 100; i++) {
              append(store, batch(point(i * 1_000L + thread, i, Math.sin(i * 7 + thread))));
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(minutes(store, SERIES, Long.MIN_VALUE, Long.MAX_VALUE))
          .isEqualTo(foldedFromPoints(store, SERIES, Long.MIN_VALUE, Long.MAX_VALUE))
          .extracting(MinuteRow::count)
          .containsExactly(240L, 160L);
    }
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 42L, 20261123L);
  }

  @Nested
  @DisplayName("scanByStep")
  class ScanByStep {
    @BeforeEach
    void appendOutOfOrder() {
      append(
          point(5, 2, 0.2),
          point(9, 1, 0.19),
          point(3, 1, 0.13),
          point(1, 3, 0.3),
          point(7, 0, 0.0),
          point(2, NO_STEP, 9.0),
          point(4, NO_STEP, 8.0));
    }

    @Test
    @DisplayName("passes the points with fromStep <= step < toStep, by ascending step, then timestamp")
    void halfOpenRange() {
      assertThat(byStep(store, SERIES, 1, 3))
          .map(r -> List.of(r.step(), r.timestampMs()))
          .containsExactly(List.of(1, 3L), List.of(1, 9L), List.of(2, 5L));
      assertThat(byStep(store, SERIES, 0, 1)).map(Row::timestampMs).containsExactly(7L);
    }

    @Test
    @DisplayName("never passes points without a step, whatever the range")
    void noStepExcluded() {
      assertThat(byStep(store, SERIES, Long.MIN_VALUE, Long.MAX_VALUE))
          .map(Row::step)
          .containsExactly(0, 1, 1, 2, 3);
      assertThat(byStep(store, SERIES, -1, 0)).isEmpty();
    }

    @Test
    @DisplayName("passes nothing for an empty range or an unknown series")
    void nothing() {
      assertThat(byStep(store, SERIES, 2, 2)).isEmpty();
      assertThat(byStep(store, SERIES, 4, 100)).isEmpty();
      assertThat(byStep(store, series("never-written"), 0, 100)).isEmpty();
    }

    @Test
    @DisplayName("stops as soon as the sink returns false")
    void earlyStop() {
      List<Integer> seen = new ArrayList<>();
      store.scanByStep(SERIES, 0, 100, (t, s, v, q) -> {
            seen.add(s);
            return false;
          });

      assertThat(seen).containsExactly(0);
    }
  }

  @Nested
  @DisplayName("sequence")
  class Sequence {
    @Test
    @DisplayName("increases with the order in which points were stored, within and across batches")
    void arrivalOrder() {
      append(point(300, 1, 1), point(100, 2, 1));
      append(point(200, 3, 1));
      append(store, new AppendBatch(ACCOUNT, REGION, TRIAL_COMPONENT, List.of(new NewPoint("other", 1, 1, 1))));
      append(point(50, 4, 1), point(300, 5, 1));

      List<Long> byArrival =
          byStep(store, SERIES, 0, 100).stream().map(Row::sequence).toList(); // steps were given in arrival order
      assertThat(byArrival).hasSize(5).isSorted().doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("of a stored point does not change when a duplicate arrives")
    void duplicateKeepsSequence() {
      append(point(1, 1, 1));
      List<Row> before = all(SERIES);
      append(point(2, 2, 2), point(1, 1, 1));

      assertThat(all(SERIES)).first().isEqualTo(before.getFirst());
    }
  }

  @Nested
  @DisplayName("series")
  class Isolation {
    @Test
    @DisplayName("are kept apart by account, region, trial component and metric name")
    void isolated() {
      List<SeriesKey> keys =
          List.of(
              SERIES,
              new SeriesKey("444455556666", REGION, TRIAL_COMPONENT, METRIC),
              new SeriesKey(ACCOUNT, "eu-west-1", TRIAL_COMPONENT, METRIC),
              new SeriesKey(ACCOUNT, REGION, "other-tc", METRIC),
              new SeriesKey(ACCOUNT, REGION, TRIAL_COMPONENT, "train:accuracy"));
      for (int i = 0; i < keys.size(); i++) {
        SeriesKey key = keys.get(i);
        NewPoint mine = new NewPoint(key.metricName(), 10 + i, i, i);
        assertThat(append(store, new AppendBatch(key.account(), key.region(), key.trialComponent(), List.of(mine))))
            .containsExactly(STORED);
      }

      for (int i = 0; i < keys.size(); i++) {
        assertThat(byTime(store, keys.get(i), 0, 100)).map(Row::value).containsExactly((double) i);
        assertThat(byStep(store, keys.get(i), 0, 100)).map(Row::value).containsExactly((double) i);
      }
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @DisplayName("a scan sees every point whose append has completed")
    void readYourWrites() {
      for (int i = 0; i < 50; i++) {
        append(point(i, i, i));
        assertThat(all(SERIES)).hasSize(i + 1);
        assertThat(byStep(store, SERIES, 0, 1_000)).hasSize(i + 1);
      }
    }

    @Test
    @DisplayName("8 threads appending 200 batches each, twice over, store every point exactly once")
    void manyThreads() throws Exception {
      int threads = 8;
      int batches = 200;
      // Threads t and t + 4 append the same points, racing each other for every one of them.
      List<AppendOutcome> outcomes =
          inParallel(
              threads,
              IntStream.range(0, threads).boxed().toList(),
              t -> {
                List<AppendOutcome> mine = new ArrayList<>();
                for (int i = 0; i < batches; i++) {
                  String metric = "m" + (t % 4);
                  AppendBatch batch =
                      new AppendBatch(
                          ACCOUNT,
                          REGION,
                          TRIAL_COMPONENT,
                          List.of(new NewPoint(metric, i, i, 1.0), new NewPoint(metric, i, NO_STEP, 2.0)));
                  mine.addAll(append(store, batch));
                }
                return mine;
              })
              .stream()
              .flatMap(List::stream)
              .toList();

      assertThat(outcomes).filteredOn(o -> o == STORED).hasSize(4 * batches * 2);
      assertThat(outcomes).filteredOn(o -> o == DUPLICATE).hasSize(4 * batches * 2);
      List<Long> sequences = new ArrayList<>();
      for (int m = 0; m < 4; m++) {
        List<Row> rows = all(series("m" + m));
        assertThat(rows).hasSize(batches * 2);
        rows.forEach(r -> sequences.add(r.sequence()));
      }
      assertThat(sequences).doesNotHaveDuplicates();
    }
  }

  @Nested
  @DisplayName("listing")
  class Listing {
    @Test
    @DisplayName("an empty store has no partitions and no series")
    void empty() {
      assertThat(store.partitions()).isEmpty();
      assertThat(store.summarize(SERIES)).isEmpty();
      assertThat(store.summarize(new Partition(ACCOUNT, REGION))).isEmpty();
    }

    @Test
    @DisplayName("lists each partition once, by account then region")
    void partitions() {
      for (String account : List.of("999988887777", ACCOUNT)) {
        for (String region : List.of("us-west-2", "eu-west-1")) {
          append(store, new AppendBatch(account, region, "tc", List.of(point(1, 1, 1), point(2, 2, 2))));
        }
      }
      assertThat(store.partitions())
          .containsExactly(
              new Partition(ACCOUNT, "eu-west-1"),
              new Partition(ACCOUNT, "us-west-2"),
              new Partition("999988887777", "eu-west-1"),
              new Partition("999988887777", "us-west-2"));
    }

    @Test
    @DisplayName("summarises each series of the partition: count, extents, last value")
    void summaries() {
      append(point(5_000, 7, 1.5), point(1_000, 3, 0.5), point(5_000, NO_STEP, 2.5), point(1_000, 3, 0.5));
      append(point(5_000, 9, -4.0)); // same time as the latest: stored last, so it is the last value
      append(store, new AppendBatch(ACCOUNT, REGION, "b-tc", List.of(new NewPoint("acc", 10, NO_STEP, 0.25))));
      append(store, new AppendBatch(ACCOUNT, REGION, "a-tc", List.of(new NewPoint("z", 20, 0, 1), new NewPoint("y", 30, 1, 2))));
      append(store, new AppendBatch(ACCOUNT, "eu-west-1", TRIAL_COMPONENT, List.of(point(1, 1, 1))));

      assertThat(store.summarize(new Partition(ACCOUNT, REGION)))
          .containsExactly(
              new SeriesSummary("a-tc", "y", 1, 30, 30, 1, 1, 2),
              new SeriesSummary("a-tc", "z", 1, 20, 20, 0, 0, 1),
              new SeriesSummary("b-tc", "acc", 1, 10, 10, NO_STEP, NO_STEP, 0.25),
              new SeriesSummary(TRIAL_COMPONENT, METRIC, 4, 1_000, 5_000, 3, 9, -4.0));
      assertThat(store.summarize(new Partition("444455556666", REGION))).isEmpty();
      assertThat(store.summarize(SERIES)).contains(new SeriesSummary(TRIAL_COMPONENT, METRIC, 4, 1_000, 5_000, 3, 9, -4.0));
      assertThat(store.summarize(new SeriesKey(ACCOUNT, REGION, "a-tc", "z"))).contains(new SeriesSummary("a-tc", "z", 1, 20, 20, 0, 0, 1));
      assertThat(store.summarize(new SeriesKey(ACCOUNT, REGION, "a-tc", "x"))).isEmpty();
    }

    @Test
    @DisplayName("leaves out metric names refused by the limit")
    void refusedNames() {
      MetricStore limited = open(new StoreLimits(1, 100));
      append(limited, batch(point(1, 1, 1), new NewPoint("refused", 1, 1, 1)));

      assertThat(limited.summarize(new Partition(ACCOUNT, REGION))).extracting(SeriesSummary::metricName).containsExactly(METRIC);
    }
  }

  @Nested
  @DisplayName("close")
  class Closing {
    @Test
    @DisplayName("completes the appends made before it")
    void commitsQueued() {
      List<CompletableFuture<List<AppendOutcome>>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(store.append(batch(point(i, i, i))));
      }
      store.close();

      assertThat(futures).allSatisfy(f -> assertThat(f).succeedsWithin(TIMEOUT).isEqualTo(List.of(STORED)));
    }

    @Test
    @DisplayName("makes later appends fail with StoreUnavailableException, and later scans throw it")
    void afterClose() {
      store.close();

      assertThat(store.append(batch(point(1, 1, 1))))
          .failsWithin(TIMEOUT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> all(SERIES)).isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> byStep(store, SERIES, 0, 1)).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    @DisplayName("turns the store from ready to not ready, and may be called twice")
    void readiness() {
      assertThat(store.isReady()).isTrue();
      store.close();
      store.close();

      assertThat(store.isReady()).isFalse();
    }
  }

  /** Runs the task for each input on its own thread, all started together, and collects the results. */
  protected static <I, O> List<O> inParallel(int threads, List<I> inputs, ThrowingFunction<I, O> task)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<Future<O>> futures = new ArrayList<>();
      for (I input : inputs) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.apply(input);
                }));
      }
      start.countDown();
      List<O> results = new ArrayList<>();
      for (Future<O> future : futures) {
        results.add(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A function that may throw, for tasks run on other threads. */
  @FunctionalInterface
  protected interface ThrowingFunction<I, O> {
    O apply(I input) throws Exception;
  }
}
