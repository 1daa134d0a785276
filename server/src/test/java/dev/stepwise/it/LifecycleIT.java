package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.trialComponentArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.BatchPutMetricsError;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQuery;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResultStatus;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.PutMetricsErrorCode;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/** Behaviour that needs its own server: truncation, limits, restarts. */
@DisplayName("Server lifecycle and limits through the AWS SDK for Java v2")
class LifecycleIT {
  static final Instant T = Instant.parse("2026-01-02T03:00:00Z");
  static final Pattern CONTINUE_AT = Pattern.compile("Start=(-?[0-9]+)");

  @TempDir Path dataDir;

  static RawMetricData point(int step, double value) {
    return RawMetricData.builder().metricName("loss").timestamp(T.plusSeconds(step * 50L)).step(step).value(value).build();
  }

  static void putSteps(SageMakerMetricsClient client, String tc, int from, int to) {
    for (int start = from; start < to; start += 10) {
      int first = start;
      List<RawMetricData> batch =
          IntStream.range(first, Math.min(first + 10, to)).mapToObj(s -> point(s, s * 0.5)).toList();
      assertThat(client.batchPutMetrics(b -> b.trialComponentName(tc).metricData(batch)).hasErrors()).isFalse();
    }
  }

  static MetricQuery query(String tc, Period period, XAxisType axis, Long start) {
    return MetricQuery.builder()
        .metricName("loss")
        .resourceArn(trialComponentArn(ACCOUNT, tc))
        .metricStat(MetricStatistic.AVG)
        .period(period)
        .xAxisType(axis)
        .start(start)
        .build();
  }

  @Test
  @DisplayName("a truncated result names the Start to continue from, and the pages add up to the whole series")
  void truncationAndContinuation() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir).withMaxBuckets(7);
    try (StepwiseTestServer server = new StepwiseTestServer(config);
        SageMakerMetricsClient client = server.client()) {
      putSteps(client, "tc-pages", 0, 30);

      for (var shape :
          List.of(
              List.of(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER),
              List.of(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP),
              List.of(Period.ONE_MINUTE, XAxisType.TIMESTAMP))) {
        Period period = (Period) shape.get(0);
        XAxisType axis = (XAxisType) shape.get(1);
        List<Long> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        Long start = null;
        int pages = 0;
        while (true) {
          Long from = start;
          MetricQueryResult page =
              client.batchGetMetrics(b -> b.metricQueries(query("tc-pages", period, axis, from))).metricQueryResults().get(0);
          pages++;
          assertThat(page.xAxisValues()).hasSizeLessThanOrEqualTo(7);
          xs.addAll(page.xAxisValues());
          ys.addAll(page.metricValues());
          if (page.status() == MetricQueryResultStatus.COMPLETE) {
            break;
          }
          assertThat(page.status()).isEqualTo(MetricQueryResultStatus.TRUNCATED);
          Matcher m = CONTINUE_AT.matcher(page.message());
          assertThat(m.find()).as(page.message()).isTrue();
          start = Long.parseLong(m.group(1));
        }

        MetricQueryResult whole;
        try (StepwiseTestServer unlimited =
                new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dataDir.resolve("copy-" + period + axis)));
            SageMakerMetricsClient c = unlimited.client()) {
          putSteps(c, "tc-pages", 0, 30);
          whole = c.batchGetMetrics(b -> b.metricQueries(query("tc-pages", period, axis, null))).metricQueryResults().get(0);
        }
        assertThat(whole.status()).isEqualTo(MetricQueryResultStatus.COMPLETE);
        assertThat(xs).as("%s on %s", period, axis).isEqualTo(whole.xAxisValues());
        assertThat(ys).as("%s on %s", period, axis).isEqualTo(whole.metricValues());
        assertThat(pages).isGreaterThan(1);
      }
    }
  }

  @Test
  @DisplayName("points beyond the metric limits get METRIC_LIMIT_EXCEEDED, the others are stored")
  void metricLimits() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir).withLimits(2, 3);
    try (StepwiseTestServer server = new StepwiseTestServer(config);
        SageMakerMetricsClient client = server.client()) {
      List<BatchPutMetricsError> errors =
          client
              .batchPutMetrics(
                  b ->
                      b.trialComponentName("tc-limits")
                          .metricData(
                              named("a", 0), named("b", 1), named("c", 2), // third name: over the limit of 2
                              named("a", 3), named("a", 4), named("a", 5), // fourth point of a: over the limit of 3
                              named("a", 0))) // a replay of the first point: not a new point
              .errors();

      assertThat(errors).extracting(BatchPutMetricsError::metricIndex).containsExactly(2, 5);
      assertThat(errors).allSatisfy(e -> assertThat(e.code()).isEqualTo(PutMetricsErrorCode.METRIC_LIMIT_EXCEEDED));
    }
  }

  static RawMetricData named(String name, int second) {
    return RawMetricData.builder().metricName(name).timestamp(T.plusSeconds(second)).value(second * 1.0).build();
  }

  @Test
  @DisplayName("a restarted server still has every point")
  void restartKeepsData() {
    try (StepwiseTestServer server = new StepwiseTestServer(dataDir)) {
      try (SageMakerMetricsClient client = server.client()) {
        putSteps(client, "tc-durable", 0, 25);
      }
      server.restart();
      try (SageMakerMetricsClient client = server.client()) {
        MetricQueryResult result =
            client
                .batchGetMetrics(b -> b.metricQueries(query("tc-durable", Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER, null)))
                .metricQueryResults()
                .get(0);
        assertThat(result.xAxisValues()).hasSize(25);
        assertThat(result.metricValues().get(24)).isEqualTo(12.0);
      }
    }
  }
}
