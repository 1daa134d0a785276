package dev.stepwise.service;

import static dev.stepwise.service.MetricsServicePutTest.CALLER;
import static dev.stepwise.service.MetricsServicePutTest.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.MetricQuery;
import dev.stepwise.model.Period;
import dev.stepwise.model.PutItemError;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.QueryResult;
import dev.stepwise.model.QueryStatus;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.XAxisType;
import dev.stepwise.stats.Stat;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsServiceGetTest {
  static final long T = 1_767_312_000_000L; // 2026-01-02T00:00:00Z: aligned to the minute, 5 minutes and hour
  static final String ARN = "arn:aws:sagemaker:us-west-2:111122223333:experiment-trial-component/tc-1";
  static final double SQRT_2 = 1.4142135623730951;

  private final InMemoryMetricStore store = new InMemoryMetricStore(StoreLimits.DEFAULT);
  private final MetricsService writer = new MetricsService(store, ServerConfig.defaults(), CLOCK);
  private MetricsService service = new MetricsService(store, ServerConfig.defaults(), CLOCK);

  /**
   * The hand-made dataset of metric "loss" in trial component tc-1 (times relative to T):
   *
   * <pre>
   *   p1  +0 s       step 0   4.0
   *   p2  +30 s      step 0   2.0
   *   p3  +61 s      step 1   8.0
   *   p4  +119 s     step 1   6.0
   *   p5  +119 s     step 2   1.0   same time as p4, stored later: Last of any bucket holding both
   *   p6  +301 s     step 2   9.0
   *   p7  +3605 s    no step 10.0
   *   p8  +3700 s    step 3   5.0
   * </pre>
   */
  private void storeDataset() {
    List<PutItemError> first = writer.put(CALLER, new PutMetricsCommand("tc-1", List.of(
        new RawMetric("loss", T, 0, 4.0),
        new RawMetric("loss", T + 30_000, 0, 2.0),
        new RawMetric("loss", T + 61_000, 1, 8.0),
        new RawMetric("loss", T + 119_000, 1, 6.0))));
    List<PutItemError> second = writer.put(CALLER, new PutMetricsCommand("tc-1", List.of(
        new RawMetric("loss", T + 119_000, 2, 1.0),
        new RawMetric("loss", T + 301_000, 2, 9.0),
        new RawMetric("loss", T + 3_605_000, null, 10.0),
        new RawMetric("loss", T + 3_700_000, 3, 5.0))));
    assertThat(first).isEmpty();
    assertThat(second).isEmpty();
  }

  private static MetricQuery query(String arn, Stat stat, Period period, XAxisType axis, Long start, Long end) {
    return new MetricQuery("loss", arn, stat, period, axis, start, end);
  }

  private QueryResult getOne(MetricQuery query) {
    List<QueryResult> results = service.get(CALLER, List.of(query));
    assertThat(results).hasSize(1);
    return results.getFirst();
  }

  /** One (Period, XAxisType) combination: expected x values and, per stat, the expected values. */
  record Expectation(Period period, XAxisType axis, long[] xs, Map<Stat, double[]> values) {}

  static Stream<Expectation> expectations() {
    // Per step (both step-bucket combinations):
    //   step 0: p1 4, p2 2 -> min 2, max 4, avg 3, count 2, M2 = 1 + 1 = 2, sd = sqrt(2/1); last p2 (+30 s) = 2
    //   step 1: p3 8, p4 6 -> min 6, max 8, avg 7, count 2, M2 = 2, sd = sqrt 2; last p4 (+119 s) = 6
    //   step 2: p5 1, p6 9 -> min 1, max 9, avg 5, count 2, M2 = 16 + 16 = 32, sd = sqrt 32; last p6 (+301 s) = 9
    //   step 3: p8 5 -> 5, count 1, sd 0; p7 has no step and is in no step bucket
    Map<Stat, double[]> perStep = Map.of(
        Stat.Min, new double[] {2, 6, 1, 5},
        Stat.Max, new double[] {4, 8, 9, 5},
        Stat.Avg, new double[] {3, 7, 5, 5},
        Stat.Count, new double[] {2, 2, 2, 1},
        Stat.StdDev, new double[] {SQRT_2, SQRT_2, 5.656854249492381, 0},
        Stat.Last, new double[] {2, 6, 9, 5});
    return Stream.of(
        // Minutes: [+0, +60 s) p1 p2; [+60, +120 s) p3 p4 p5; [+300, +360 s) p6; [+3600, +3660 s) p7;
        // [+3660, +3720 s) p8.
        // Minute 1: 8, 6, 1 -> avg 5, deviations 3, 1, -4, M2 = 9 + 1 + 16 = 26, sd = sqrt(26/2) = sqrt 13;
        // last: p4 and p5 share +119 s, p5 was stored later -> 1.
        new Expectation(Period.OneMinute, XAxisType.Timestamp,
            new long[] {T, T + 60_000, T + 300_000, T + 3_600_000, T + 3_660_000}, Map.of(
                Stat.Min, new double[] {2, 1, 9, 10, 5},
                Stat.Max, new double[] {4, 8, 9, 10, 5},
                Stat.Avg, new double[] {3, 5, 9, 10, 5},
                Stat.Count, new double[] {2, 3, 1, 1, 1},
                Stat.StdDev, new double[] {SQRT_2, 3.605551275463989, 0, 0, 0},
                Stat.Last, new double[] {2, 1, 9, 10, 5})),
        // Five minutes: [+0, +300 s) p1..p5 = 4 2 8 6 1: sum 21, avg 4.2, deviations -0.2 -2.2 3.8 1.8 -3.2,
        // M2 = 0.04 + 4.84 + 14.44 + 3.24 + 10.24 = 32.8, sd = sqrt(32.8/4) = sqrt 8.2; last p5 = 1.
        // [+300, +600 s) p6 = 9. [+3600, +3900 s) p7 10, p8 5: avg 7.5, M2 = 2 * 2.5^2 = 12.5, sd = sqrt 12.5,
        // last p8 (+3700 s) = 5.
        new Expectation(Period.FiveMinute, XAxisType.Timestamp,
            new long[] {T, T + 300_000, T + 3_600_000}, Map.of(
                Stat.Min, new double[] {1, 9, 5},
                Stat.Max, new double[] {8, 9, 10},
                Stat.Avg, new double[] {4.2, 9, 7.5},
                Stat.Count, new double[] {5, 1, 2},
                Stat.StdDev, new double[] {2.8635642126552705, 0, 3.5355339059327378},
                Stat.Last, new double[] {1, 9, 5})),
        // Hours: [+0, +3600 s) p1..p6 = 4 2 8 6 1 9: sum 30, avg 5, deviations -1 -3 3 1 -4 4,
        // M2 = 1 + 9 + 9 + 1 + 16 + 16 = 52, sd = sqrt(52/5) = sqrt 10.4; last p6 = 9. Hour 1 as five minutes 12.
        new Expectation(Period.OneHour, XAxisType.Timestamp,
            new long[] {T, T + 3_600_000}, Map.of(
                Stat.Min, new double[] {1, 5},
                Stat.Max, new double[] {9, 10},
                Stat.Avg, new double[] {5, 7.5},
                Stat.Count, new double[] {6, 2},
                Stat.StdDev, new double[] {3.22490309931942, 3.5355339059327378},
                Stat.Last, new double[] {9, 5})),
        new Expectation(Period.IterationNumber, XAxisType.IterationNumber, new long[] {0, 1, 2, 3}, perStep),
        // Steps on the time axis: x = the latest timestamp of each step: +30 s, +119 s, +301 s, +3700 s.
        new Expectation(Period.IterationNumber, XAxisType.Timestamp,
            new long[] {T + 30_000, T + 119_000, T + 301_000, T + 3_700_000}, perStep));
  }

  static Stream<Arguments> everyStatAndCombination() {
    return expectations().flatMap(e -> Arrays.stream(Stat.values()).map(stat -> Arguments.of(e.period(), e.axis(),
        stat, e.xs(), e.values().get(stat))));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @MethodSource("everyStatAndCombination")
  @DisplayName("every stat of every Period and XAxisType matches the hand computation")
  void handComputed(Period period, XAxisType axis, Stat stat, long[] xs, double[] values) {
    storeDataset();

    QueryResult result = getOne(query(ARN, stat, period, axis, null, null));

    assertThat(result.status()).isEqualTo(QueryStatus.Complete);
    assertThat(result.message()).isNull();
    assertThat(result.xAxisValues()).containsExactly(xs);
    assertThat(result.metricValues()).containsExactly(values, within(1e-12));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Period.class, names = {"OneMinute", "FiveMinute", "OneHour"})
  @DisplayName("a time period on the IterationNumber axis is a ValidationError")
  void timePeriodOnStepAxis(Period period) {
    storeDataset();

    QueryResult result = getOne(query(ARN, Stat.Avg, period, XAxisType.IterationNumber, null, null));

    assertThat(result.status()).isEqualTo(QueryStatus.ValidationError);
    assertThat(result.message()).isEqualTo("Period " + period + " cannot be used with XAxisType IterationNumber;"
        + " use Period IterationNumber or XAxisType Timestamp.");
    assertThat(result.xAxisValues()).isEmpty();
  }

  @Test
  @DisplayName("one result per query, in request order, whatever their statuses")
  void oneResultPerQueryInOrder() {
    storeDataset();

    List<QueryResult> results = service.get(CALLER, List.of(
        query(ARN, Stat.Count, Period.OneHour, XAxisType.Timestamp, null, null),
        query(ARN, Stat.Count, Period.OneHour, XAxisType.IterationNumber, null, null),
        new MetricQuery("nope", ARN, Stat.Count, Period.OneHour, XAxisType.Timestamp, null, null),
        query(ARN, Stat.Max, Period.IterationNumber, XAxisType.IterationNumber, null, null)));

    assertThat(results).extracting(QueryResult::status).containsExactly(
        QueryStatus.Complete, QueryStatus.ValidationError, QueryStatus.Complete, QueryStatus.Complete);
    assertThat(results.get(0).metricValues()).containsExactly(6, 2);
    assertThat(results.get(2).metricValues()).isEmpty();
    assertThat(results.get(3).metricValues()).containsExactly(4, 8, 9, 5);
  }

  @Test
  @DisplayName("100 queries, run in lanes, come back one per query in request order")
  void hundredQueriesInOrder() {
    List<MetricQuery> queries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      assertThat(writer.put(CALLER, new PutMetricsCommand("tc-" + i, List.of(new RawMetric("loss", T, 0, (double) i)))))
          .isEmpty();
      queries.add(query(ARN.replace("tc-1", "tc-" + i), Stat.Max, Period.OneMinute, XAxisType.Timestamp, null, null));
    }

    List<QueryResult> results = service.get(CALLER, queries);

    assertThat(results).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(results.get(i).metricValues()).as("query %d", i).containsExactly(i);
    }
  }

  @Nested
  @DisplayName("resources")
  class Resources {
    @Test
    @DisplayName("a resource of another account denies the whole call, before any other check")
    void accessDenied() {
      storeDataset();
      String foreign = "arn:aws:sagemaker:us-west-2:444455556666:experiment-trial-component/tc-1";

      assertThatThrownBy(() -> service.get(CALLER, List.of(
          query("arn:aws:sagemaker:us-west-2:111122223333:model/m", Stat.Avg, Period.OneHour, XAxisType.Timestamp,
              null, null),
          query(ARN, Stat.Avg, Period.OneHour, XAxisType.Timestamp, null, null),
          query(foreign, Stat.Avg, Period.OneHour, XAxisType.Timestamp, 5L, 1L))))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AccessDeniedException);
            assertThat(e.getMessage()).isEqualTo("Account 111122223333 is not authorized to perform"
                + " sagemaker:BatchGetMetrics on resource " + foreign);
          });
    }

    @Test
    @DisplayName("an unsupported resource type, or a resource without a name, is that query's ValidationError")
    void unsupportedResourceType() {
      List<QueryResult> results = service.get(CALLER, List.of(
          query("arn:aws:sagemaker:us-west-2:111122223333:model/m", Stat.Avg, Period.OneHour, XAxisType.Timestamp,
              null, null),
          query("arn:aws:sagemaker:us-west-2:111122223333:training-job/", Stat.Avg, Period.OneHour,
              XAxisType.Timestamp, null, null)));

      assertThat(results).extracting(QueryResult::status)
          .containsExactly(QueryStatus.ValidationError, QueryStatus.ValidationError);
      assertThat(results.get(0).message()).isEqualTo("Resource type 'model' is not supported; ResourceArn must name"
          + " an experiment-trial-component or a training-job.");
      assertThat(results.get(1).message()).isEqualTo("ResourceArn 'training-job/' names no resource.");
    }

    @Test
    @DisplayName("a training job reads the trial component <job>-aws-training-job")
    void trainingJob() {
      writer.put(CALLER, new PutMetricsCommand("my-job-aws-training-job",
          List.of(new RawMetric("loss", T, 3, 0.5))));

      for (String job : List.of("my-job", "My-Job")) {
        QueryResult result = getOne(query("arn:aws:sagemaker:us-west-2:111122223333:training-job/" + job,
            Stat.Last, Period.IterationNumber, XAxisType.IterationNumber, null, null));

        assertThat(result.xAxisValues()).as(job).containsExactly(3);
        assertThat(result.metricValues()).as(job).containsExactly(0.5);
      }
    }

    @Test
    @DisplayName("the ARN's region selects the data; an ARN without a region reads the caller's region")
    void region() {
      storeDataset();
      String noRegion = "arn:aws:sagemaker::111122223333:experiment-trial-component/tc-1";
      String otherRegion = "arn:aws:sagemaker:eu-west-1:111122223333:experiment-trial-component/tc-1";

      assertThat(getOne(query(noRegion, Stat.Count, Period.OneHour, XAxisType.Timestamp, null, null))
          .metricValues()).containsExactly(6, 2);
      QueryResult other = getOne(query(otherRegion, Stat.Count, Period.OneHour, XAxisType.Timestamp, null, null));
      assertThat(other.status()).isEqualTo(QueryStatus.Complete);
      assertThat(other.xAxisValues()).isEmpty();
    }

    @Test
    @DisplayName("an unknown trial component or metric is Complete with empty arrays")
    void unknown() {
      storeDataset();

      for (MetricQuery q : List.of(
          query(ARN.replace("tc-1", "tc-2"), Stat.Avg, Period.OneMinute, XAxisType.Timestamp, null, null),
          new MetricQuery("acc", ARN, Stat.Avg, Period.IterationNumber, XAxisType.Timestamp, null, null))) {
        QueryResult result = getOne(q);
        assertThat(result.status()).isEqualTo(QueryStatus.Complete);
        assertThat(result.message()).isNull();
        assertThat(result.xAxisValues()).isEmpty();
        assertThat(result.metricValues()).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("Start and End")
  class Bounds {
    @Test
    @DisplayName("on the Timestamp axis, epoch ms: Start inclusive, End exclusive")
    void timestampAxis() {
      storeDataset();

      // [+61 s, +301 s): p3 p4 p5, all in minute 1; p6 at +301 s is left out.
      QueryResult result = getOne(query(ARN, Stat.Count, Period.OneMinute, XAxisType.Timestamp,
          T + 61_000, T + 301_000));
      assertThat(result.xAxisValues()).containsExactly(T + 60_000);
      assertThat(result.metricValues()).containsExactly(3);

      // [+61.001 s, +301.001 s): p3 left out, p6 in. The partial minute keeps its aligned x.
      result = getOne(query(ARN, Stat.Count, Period.OneMinute, XAxisType.Timestamp, T + 61_001, T + 301_001));
      assertThat(result.xAxisValues()).containsExactly(T + 60_000, T + 300_000);
      assertThat(result.metricValues()).containsExactly(2, 1);
    }

    @Test
    @DisplayName("steps on the Timestamp axis are bounded by time: a step keeps only its points in range")
    void stepsOnTimestampAxis() {
      storeDataset();

      // [+61 s, +301 s): step 1 = p3 p4 (x +119 s); step 2 = p5 only (x +119 s), p6 at +301 s excluded.
      QueryResult result = getOne(query(ARN, Stat.Count, Period.IterationNumber, XAxisType.Timestamp,
          T + 61_000, T + 301_000));
      assertThat(result.xAxisValues()).containsExactly(T + 119_000, T + 119_000);
      assertThat(result.metricValues()).containsExactly(2, 1);
    }

    @Test
    @DisplayName("on the IterationNumber axis, steps: Start inclusive, End exclusive")
    void iterationAxis() {
      storeDataset();

      QueryResult result = getOne(query(ARN, Stat.Avg, Period.IterationNumber, XAxisType.IterationNumber, 1L, 3L));
      assertThat(result.xAxisValues()).containsExactly(1, 2);
      assertThat(result.metricValues()).containsExactly(7, 5);

      result = getOne(query(ARN, Stat.Avg, Period.IterationNumber, XAxisType.IterationNumber, 3L, null));
      assertThat(result.xAxisValues()).containsExactly(3);
      result = getOne(query(ARN, Stat.Avg, Period.IterationNumber, XAxisType.IterationNumber, null, 1L));
      assertThat(result.xAxisValues()).containsExactly(0);
    }

    @Test
    @DisplayName("Start equal to End is an empty range; Start after End is a ValidationError")
    void startAfterEnd() {
      storeDataset();

      QueryResult empty = getOne(query(ARN, Stat.Avg, Period.OneMinute, XAxisType.Timestamp, T, T));
      QueryResult invalid = getOne(query(ARN, Stat.Avg, Period.IterationNumber, XAxisType.IterationNumber, 5L, 4L));

      assertThat(empty.status()).isEqualTo(QueryStatus.Complete);
      assertThat(empty.xAxisValues()).isEmpty();
      assertThat(invalid.status()).isEqualTo(QueryStatus.ValidationError);
      assertThat(invalid.message()).isEqualTo("Start 5 is greater than End 4.");
    }
  }

  @Nested
  @DisplayName("truncation")
  class Truncation {
    private static final Pattern CONTINUE = Pattern.compile("repeat the query with Start=(-?\\d+) to continue\\.$");

    @Test
    @DisplayName("a result beyond maxBuckets is Truncated, with a message naming the Start to continue from")
    void message() {
      storeDataset();
      service = new MetricsService(store, ServerConfig.defaults().withMaxBuckets(2), CLOCK);

      QueryResult result = getOne(query(ARN, Stat.Avg, Period.OneMinute, XAxisType.Timestamp, null, null));

      assertThat(result.status()).isEqualTo(QueryStatus.Truncated);
      assertThat(result.message())
          .isEqualTo("Result truncated to 2 buckets; repeat the query with Start=1767312120000 to continue.");
      assertThat(result.xAxisValues()).containsExactly(T, T + 60_000);
      assertThat(result.metricValues()).containsExactly(3, 5);
    }

    static Stream<Arguments> limits() {
      return expectations().flatMap(e -> Stream.of(1, 2, 3)
          // Steps on the time axis: with one bucket a page, steps 1 and 2 (both at +119 s) cannot be cut apart;
          // see BucketingTest for that documented case.
          .filter(max -> max > 1 || e.axis() != XAxisType.Timestamp || e.period().isTime())
          .map(max -> Arguments.of(e.period(), e.axis(), max)));
    }

    @ParameterizedTest(name = "{0} on {1}, maxBuckets {2}")
    @MethodSource("limits")
    @DisplayName("following the Start of each message until Complete gives the untruncated result, every bucket once")
    void continuation(Period period, XAxisType axis, int maxBuckets) {
      storeDataset();
      service = new MetricsService(store, ServerConfig.defaults().withMaxBuckets(maxBuckets), CLOCK);

      for (Stat stat : Stat.values()) {
        QueryResult whole = new MetricsService(store, ServerConfig.defaults(), CLOCK)
            .get(CALLER, List.of(query(ARN, stat, period, axis, null, null))).getFirst();
        List<Long> xs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        Long start = null;
        int pages = 0;
        while (true) {
          QueryResult page = getOne(query(ARN, stat, period, axis, start, null));
          pages++;
          assertThat(page.xAxisValues().length).isLessThanOrEqualTo(maxBuckets);
          Arrays.stream(page.xAxisValues()).forEach(xs::add);
          Arrays.stream(page.metricValues()).forEach(values::add);
          if (page.status() == QueryStatus.Complete) {
            break;
          }
          assertThat(page.status()).isEqualTo(QueryStatus.Truncated);
          Matcher matcher = CONTINUE.matcher(page.message());
          assertThat(matcher.find()).as(page.message()).isTrue();
          start = Long.parseLong(matcher.group(1));
          assertThat(pages).isLessThan(100);
        }
        assertThat(pages).isGreaterThan(whole.xAxisValues().length > maxBuckets ? 1 : 0);
        assertThat(xs).containsExactlyElementsOf(Arrays.stream(whole.xAxisValues()).boxed().toList());
        assertThat(values).containsExactlyElementsOf(Arrays.stream(whole.metricValues()).boxed().toList());
      }
    }
  }

  @Test
  @DisplayName("a store that cannot be read fails the whole call with ServiceUnavailable, telling nothing of it")
  void storeUnavailable() {
    MetricsService failing = new MetricsService(
        new FailingStore(new StoreUnavailableException(FailingStore.INTERNALS, null), true),
        ServerConfig.defaults(), CLOCK);

    for (int queries : new int[] {1, 100}) {
      assertThatThrownBy(() -> failing.get(CALLER, Collections.nCopies(queries,
          query(ARN, Stat.Avg, Period.OneMinute, XAxisType.Timestamp, null, null))))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ServiceUnavailable);
            assertThat(e.getMessage()).isEqualTo("The service is unavailable right now; retry the request later.");
          });
    }
    store.close();
    assertThatThrownBy(() -> service.get(CALLER,
        List.of(query(ARN, Stat.Avg, Period.IterationNumber, XAxisType.Timestamp, null, null))))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ServiceUnavailable));
  }

  @Test
  @DisplayName("a metric name no store can hold (NUL, an unpaired surrogate) reads as no points, without the store")
  void unstorableNameReadsNothing() {
    MetricsService failing = new MetricsService(
        new FailingStore(new StoreUnavailableException(FailingStore.INTERNALS, null), true), ServerConfig.defaults(),
        CLOCK);
    for (String name : List.of("train\u0000loss", "loss\uD800")) {
      List<QueryResult> results = failing.get(CALLER, List.of(
          new MetricQuery(name, ARN, Stat.Avg, Period.OneMinute, XAxisType.Timestamp, null, null)));
      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.status()).isEqualTo(QueryStatus.Complete);
        assertThat(r.xAxisValues()).isEmpty();
      });
    }
  }
}
