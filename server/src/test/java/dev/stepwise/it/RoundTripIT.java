package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.trialComponentArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.BatchPutMetricsResponse;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQuery;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResultStatus;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * Puts six hand-made points through the real AWS SDK and reads back every statistic for every period and x-axis,
 * against values computed by hand (in the comments).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("BatchPutMetrics then BatchGetMetrics through the AWS SDK for Java v2")
class RoundTripIT {
  /** 2026-01-02T03:00:00Z, aligned to the hour (1767322800 s). */
  static final long T0 = 1_767_322_800_000L;

  static final String TC = "tc-roundtrip";

  @TempDir static Path dataDir;
  StepwiseTestServer server;
  SageMakerMetricsClient client;

  @BeforeAll
  void putPoints() {
    server = new StepwiseTestServer(dataDir);
    client = server.client();
    // p1..p6: (seconds after T0, step, value). p3 and p4 share step 2; p6 has no step.
    BatchPutMetricsResponse response =
        client.batchPutMetrics(
            b ->
                b.trialComponentName(TC)
                    .metricData(
                        point(10, 0, 1.0),
                        point(30, 1, 3.0),
                        point(70, 2, 2.0),
                        point(130, 2, 6.0),
                        point(400, 3, 4.0),
                        RawMetricData.builder()
                            .metricName("loss")
                            .timestamp(Instant.ofEpochMilli(T0 + 3_700_000))
                            .value(10.0)
                            .build()));
    assertThat(response.hasErrors()).isFalse();
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  static RawMetricData point(long secondsAfterT0, int step, double value) {
    return RawMetricData.builder()
        .metricName("loss")
        .timestamp(Instant.ofEpochMilli(T0 + secondsAfterT0 * 1000))
        .step(step)
        .value(value)
        .build();
  }

  static Stream<Arguments> expectations() {
    long m = 60_000;
    return Stream.of(
        // OneMinute: [p1 p2] at T0, [p3] at +1m, [p4] at +2m, [p5] at +6m, [p6] at +61m.
        row(Period.ONE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.MIN,
            xs(T0, T0 + m, T0 + 2 * m, T0 + 6 * m, T0 + 61 * m), 1, 2, 6, 4, 10),
        row(Period.ONE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.MAX,
            xs(T0, T0 + m, T0 + 2 * m, T0 + 6 * m, T0 + 61 * m), 3, 2, 6, 4, 10),
        row(Period.ONE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.AVG,
            xs(T0, T0 + m, T0 + 2 * m, T0 + 6 * m, T0 + 61 * m), 2, 2, 6, 4, 10),
        row(Period.ONE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.COUNT,
            xs(T0, T0 + m, T0 + 2 * m, T0 + 6 * m, T0 + 61 * m), 2, 1, 1, 1, 1),
        // sample std of {1, 3} = sqrt(((1-2)^2 + (3-2)^2) / 1) = sqrt(2); one point gives 0.
        row(Period.ONE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.STD_DEV,
            xs(T0, T0 + m, T0 + 2 * m, T0 + 6 * m, T0 + 61 * m), Math.sqrt(2), 0, 0, 0, 0),
        row(Period.ONE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.LAST,
            xs(T0, T0 + m, T0 + 2 * m, T0 + 6 * m, T0 + 61 * m), 3, 2, 6, 4, 10),
        // FiveMinute: [p1..p4] = {1,3,2,6} at T0, [p5] at +5m, [p6] at +60m.
        row(Period.FIVE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.MIN, xs(T0, T0 + 5 * m, T0 + 60 * m), 1, 4, 10),
        row(Period.FIVE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.MAX, xs(T0, T0 + 5 * m, T0 + 60 * m), 6, 4, 10),
        row(Period.FIVE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.AVG, xs(T0, T0 + 5 * m, T0 + 60 * m), 3, 4, 10),
        row(Period.FIVE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.COUNT, xs(T0, T0 + 5 * m, T0 + 60 * m), 4, 1, 1),
        // {1,3,2,6}: mean 3, squared deviations 4+0+1+9 = 14, / 3, sqrt.
        row(Period.FIVE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.STD_DEV,
            xs(T0, T0 + 5 * m, T0 + 60 * m), Math.sqrt(14.0 / 3), 0, 0),
        row(Period.FIVE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.LAST, xs(T0, T0 + 5 * m, T0 + 60 * m), 6, 4, 10),
        // OneHour: [p1..p5] = {1,3,2,6,4} at T0, [p6] at +1h.
        row(Period.ONE_HOUR, XAxisType.TIMESTAMP, MetricStatistic.MIN, xs(T0, T0 + 60 * m), 1, 10),
        row(Period.ONE_HOUR, XAxisType.TIMESTAMP, MetricStatistic.MAX, xs(T0, T0 + 60 * m), 6, 10),
        row(Period.ONE_HOUR, XAxisType.TIMESTAMP, MetricStatistic.AVG, xs(T0, T0 + 60 * m), 3.2, 10),
        row(Period.ONE_HOUR, XAxisType.TIMESTAMP, MetricStatistic.COUNT, xs(T0, T0 + 60 * m), 5, 1),
        // {1,3,2,6,4}: mean 3.2, squared deviations 4.84+0.04+1.44+7.84+0.64 = 14.8, / 4 = 3.7, sqrt.
        row(Period.ONE_HOUR, XAxisType.TIMESTAMP, MetricStatistic.STD_DEV, xs(T0, T0 + 60 * m), Math.sqrt(3.7), 0),
        row(Period.ONE_HOUR, XAxisType.TIMESTAMP, MetricStatistic.LAST, xs(T0, T0 + 60 * m), 4, 10),
        // IterationNumber on the step axis: step 0 {1}, 1 {3}, 2 {2, 6}, 3 {4}; p6 has no step.
        row(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER, MetricStatistic.MIN, xs(0, 1, 2, 3), 1, 3, 2, 4),
        row(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER, MetricStatistic.MAX, xs(0, 1, 2, 3), 1, 3, 6, 4),
        row(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER, MetricStatistic.AVG, xs(0, 1, 2, 3), 1, 3, 4, 4),
        row(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER, MetricStatistic.COUNT, xs(0, 1, 2, 3), 1, 1, 2, 1),
        // {2, 6}: mean 4, squared deviations 4 + 4 = 8, / 1, sqrt.
        row(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER, MetricStatistic.STD_DEV,
            xs(0, 1, 2, 3), 0, 0, Math.sqrt(8), 0),
        row(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER, MetricStatistic.LAST, xs(0, 1, 2, 3), 1, 3, 6, 4),
        // IterationNumber on the time axis: x = the latest timestamp of each step (step 2: p4 at +130 s).
        row(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP, MetricStatistic.MIN,
            xs(T0 + 10_000, T0 + 30_000, T0 + 130_000, T0 + 400_000), 1, 3, 2, 4),
        row(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP, MetricStatistic.MAX,
            xs(T0 + 10_000, T0 + 30_000, T0 + 130_000, T0 + 400_000), 1, 3, 6, 4),
        row(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP, MetricStatistic.AVG,
            xs(T0 + 10_000, T0 + 30_000, T0 + 130_000, T0 + 400_000), 1, 3, 4, 4),
        row(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP, MetricStatistic.COUNT,
            xs(T0 + 10_000, T0 + 30_000, T0 + 130_000, T0 + 400_000), 1, 1, 2, 1),
        row(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP, MetricStatistic.STD_DEV,
            xs(T0 + 10_000, T0 + 30_000, T0 + 130_000, T0 + 400_000), 0, 0, Math.sqrt(8), 0),
        row(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP, MetricStatistic.LAST,
            xs(T0 + 10_000, T0 + 30_000, T0 + 130_000, T0 + 400_000), 1, 3, 6, 4));
  }

  static long[] xs(long... x) {
    return x;
  }

  static Arguments row(Period period, XAxisType axis, MetricStatistic stat, long[] x, double... y) {
    return Arguments.of(period, axis, stat, x, y);
  }

  @ParameterizedTest(name = "{2} by {0} on the {1} axis")
  @MethodSource("expectations")
  void everyStatisticPeriodAndAxis(Period period, XAxisType axis, MetricStatistic stat, long[] x, double[] y) {
    MetricQueryResult result = query(period, axis, stat, null, null);

    assertThat(result.status()).isEqualTo(MetricQueryResultStatus.COMPLETE);
    assertThat(result.message()).isNull();
    assertThat(result.xAxisValues()).containsExactly(box(x));
    assertThat(result.metricValues()).hasSize(y.length);
    for (int i = 0; i < y.length; i++) {
      assertThat(result.metricValues().get(i)).as("value %d", i).isCloseTo(y[i], within(1e-12));
    }
  }

  @Test
  @DisplayName("a time period on the IterationNumber axis is that query's ValidationError, the others still answer")
  void timePeriodOnStepAxisIsAValidationError() {
    List<MetricQueryResult> results =
        client
            .batchGetMetrics(
                b ->
                    b.metricQueries(
                        queryOf(Period.ONE_MINUTE, XAxisType.ITERATION_NUMBER, MetricStatistic.AVG, null, null),
                        queryOf(Period.ONE_HOUR, XAxisType.TIMESTAMP, MetricStatistic.COUNT, null, null)))
            .metricQueryResults();

    assertThat(results).hasSize(2);
    assertThat(results.get(0).status()).isEqualTo(MetricQueryResultStatus.VALIDATION_ERROR);
    assertThat(results.get(0).message()).contains("IterationNumber");
    assertThat(results.get(0).xAxisValues()).isEmpty();
    assertThat(results.get(0).metricValues()).isEmpty();
    assertThat(results.get(1).status()).isEqualTo(MetricQueryResultStatus.COMPLETE);
    assertThat(results.get(1).metricValues()).containsExactly(5.0, 1.0);
  }

  @Test
  @DisplayName("Start is inclusive and End exclusive, in epoch milliseconds on the time axis")
  void startInclusiveEndExclusiveInMilliseconds() {
    // Whole minutes +1m .. +6m: keeps [p3] at +1m and [p4] at +2m, drops [p5] at +6m.
    MetricQueryResult result =
        query(Period.ONE_MINUTE, XAxisType.TIMESTAMP, MetricStatistic.COUNT, T0 + 60_000, T0 + 360_000);

    assertThat(result.xAxisValues()).containsExactly(T0 + 60_000, T0 + 120_000);
    assertThat(result.metricValues()).containsExactly(1.0, 1.0);
  }

  @Test
  @DisplayName("Start and End are step numbers on the IterationNumber axis")
  void startAndEndAreStepsOnTheStepAxis() {
    MetricQueryResult result =
        query(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER, MetricStatistic.AVG, 1L, 3L);

    assertThat(result.xAxisValues()).containsExactly(1L, 2L);
    assertThat(result.metricValues()).containsExactly(3.0, 4.0);
  }

  @Test
  @DisplayName("Start after End is that query's ValidationError")
  void startAfterEnd() {
    MetricQueryResult result = query(Period.ONE_HOUR, XAxisType.TIMESTAMP, MetricStatistic.AVG, T0 + 1, T0);

    assertThat(result.status()).isEqualTo(MetricQueryResultStatus.VALIDATION_ERROR);
    assertThat(result.message()).isNotBlank();
  }

  @Test
  @DisplayName("an unknown trial component or metric answers Complete with empty lists")
  void unknownSeriesIsEmpty() {
    MetricQueryResult unknownMetric =
        client
            .batchGetMetrics(
                b ->
                    b.metricQueries(
                        MetricQuery.builder()
                            .metricName("no-such-metric")
                            .resourceArn(trialComponentArn(ACCOUNT, TC))
                            .metricStat(MetricStatistic.AVG)
                            .period(Period.ONE_HOUR)
                            .xAxisType(XAxisType.TIMESTAMP)
                            .build(),
                        MetricQuery.builder()
                            .metricName("loss")
                            .resourceArn(trialComponentArn(ACCOUNT, "no-such-tc"))
                            .metricStat(MetricStatistic.AVG)
                            .period(Period.ONE_HOUR)
                            .xAxisType(XAxisType.TIMESTAMP)
                            .build()))
            .metricQueryResults()
            .get(0);

    assertThat(unknownMetric.status()).isEqualTo(MetricQueryResultStatus.COMPLETE);
    assertThat(unknownMetric.xAxisValues()).isEmpty();
    assertThat(unknownMetric.metricValues()).isEmpty();
  }

  @Test
  @DisplayName("a metric name with a tab or other control character is stored as AWS stores it; a line break is not")
  void controlCharactersInNames() {
    List<String> names = List.of("train\tloss", "gpu\u001b[temp]\u007f");
    BatchPutMetricsResponse put = client.batchPutMetrics(b -> b.trialComponentName("tc-names").metricData(
        RawMetricData.builder().metricName(names.get(0)).timestamp(Instant.ofEpochMilli(T0)).step(1).value(0.5).build(),
        RawMetricData.builder().metricName(names.get(1)).timestamp(Instant.ofEpochMilli(T0)).step(1).value(71.0).build(),
        RawMetricData.builder().metricName("two\nlines").timestamp(Instant.ofEpochMilli(T0)).step(1).value(1.0).build()));
    assertThat(put.errors()).singleElement().satisfies(e -> {
      assertThat(e.codeAsString()).isEqualTo("VALIDATION_ERROR");
      assertThat(e.metricIndex()).isEqualTo(2);
    });

    for (String name : names) {
      MetricQueryResult result = client.batchGetMetrics(b -> b.metricQueries(MetricQuery.builder().metricName(name)
              .resourceArn(trialComponentArn(ACCOUNT, "tc-names")).metricStat(MetricStatistic.MAX)
              .period(Period.ITERATION_NUMBER).xAxisType(XAxisType.ITERATION_NUMBER).build()))
          .metricQueryResults().getFirst();
      assertThat(result.status()).as(name).isEqualTo(MetricQueryResultStatus.COMPLETE);
      assertThat(result.xAxisValues()).as(name).containsExactly(1L);
    }
  }

  private MetricQueryResult query(Period period, XAxisType axis, MetricStatistic stat, Long start, Long end) {
    List<MetricQueryResult> results =
        client.batchGetMetrics(b -> b.metricQueries(queryOf(period, axis, stat, start, end))).metricQueryResults();
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  static MetricQuery queryOf(Period period, XAxisType axis, MetricStatistic stat, Long start, Long end) {
    return MetricQuery.builder()
        .metricName("loss")
        .resourceArn(trialComponentArn(ACCOUNT, TC))
        .metricStat(stat)
        .period(period)
        .xAxisType(axis)
        .start(start)
        .end(end)
        .build();
  }

  private static Long[] box(long[] x) {
    Long[] boxed = new Long[x.length];
    for (int i = 0; i < x.length; i++) {
      boxed[i] = x[i];
    }
    return boxed;
  }
}
