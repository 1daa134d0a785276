package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.trialComponentArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import dev.stepwise.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.BatchPutMetricsError;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQuery;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.PutMetricsErrorCode;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * Two server nodes (separate stores and pools) over one PostgreSQL database, written through concurrently by the
 * real AWS SDK: either node answers every query exactly as a single SQLite node fed the same points does.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@DisplayName("Several nodes over one PostgreSQL")
class MultiNodeIT {
  static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
  static final List<String> TRIAL_COMPONENTS = List.of("tc-node-a", "tc-node-b", "tc-node-c");
  static final List<String> METRICS = List.of("loss", "accuracy");

  @TempDir Path dir;

  /** Batches of 10 points: per trial component and metric, 300 points over 150 steps and about 5 hours. */
  static List<List<RawMetricData>> batches(String metric) {
    List<List<RawMetricData>> batches = new ArrayList<>();
    List<RawMetricData> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Two points per step; within a batch, some share a timestamp (Last then depends on arrival order in it).
      int step = i / 2;
      long ms = T0.toEpochMilli() + step * 61_000L + (i % 2 == 0 ? 0 : (i % 4 == 1 ? 0 : 777));
      double value = Math.sin(i * 0.37 + metric.length()) * 100 + i;
      batch.add(RawMetricData.builder().metricName(metric).timestamp(Instant.ofEpochMilli(ms)).step(step).value(value).build());
      if (batch.size() == 10) {
        batches.add(batch);
        batch = new ArrayList<>();
      }
    }
    return batches;
  }

  static MetricQueryResult query(SageMakerMetricsClient c, String tc, String metric, MetricStatistic stat, Period period, XAxisType axis) {
    return c.batchGetMetrics(
            b ->
                b.metricQueries(
                    MetricQuery.builder()
                        .metricName(metric)
                        .resourceArn(trialComponentArn(ACCOUNT, tc))
                        .metricStat(stat)
                        .period(period)
                        .xAxisType(axis)
                        .build()))
        .metricQueryResults()
        .get(0);
  }

  @Test
  @DisplayName("writes through both nodes at once, reads through either, equal to one SQLite node")
  void twoNodesEqualOneSqliteNode() throws Exception {
    try (PostgresTestDatabase db = new PostgresTestDatabase();
        StepwiseTestServer node1 = new StepwiseTestServer(pgConfig(db.url(), "n1"));
        StepwiseTestServer node2 = new StepwiseTestServer(pgConfig(db.url(), "n2"));
        StepwiseTestServer sqlite = new StepwiseTestServer(dir.resolve("sqlite"));
        SageMakerMetricsClient c1 = node1.client();
        SageMakerMetricsClient c2 = node2.client();
        SageMakerMetricsClient cs = sqlite.client()) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> writes = new ArrayList<>();
      for (String tc : TRIAL_COMPONENTS) {
        for (String metric : METRICS) {
          List<List<RawMetricData>> batches = batches(metric);
          writes.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < batches.size(); i++) {
                      List<RawMetricData> batch = batches.get(i);
                      // Alternate nodes, and replay every third batch through the other node (an SDK retry).
                      SageMakerMetricsClient first = i % 2 == 0 ? c1 : c2;
                      SageMakerMetricsClient other = first == c1 ? c2 : c1;
                      assertThat(first.batchPutMetrics(b -> b.trialComponentName(tc).metricData(batch)).hasErrors()).isFalse();
                      if (i % 3 == 0) {
                        assertThat(other.batchPutMetrics(b -> b.trialComponentName(tc).metricData(batch)).hasErrors()).isFalse();
                      }
                      assertThat(cs.batchPutMetrics(b -> b.trialComponentName(tc).metricData(batch)).hasErrors()).isFalse();
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> write : writes) {
        write.get();
      }
      pool.shutdown();

      int compared = 0;
      for (String tc : TRIAL_COMPONENTS) {
        for (String metric : METRICS) {
          for (MetricStatistic stat : List.of(MetricStatistic.MIN, MetricStatistic.MAX, MetricStatistic.AVG,
              MetricStatistic.COUNT, MetricStatistic.STD_DEV, MetricStatistic.LAST)) {
            for (var shape : List.of(
                List.of(Period.ONE_MINUTE, XAxisType.TIMESTAMP),
                List.of(Period.ONE_HOUR, XAxisType.TIMESTAMP),
                List.of(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER),
                List.of(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP))) {
              Period period = (Period) shape.get(0);
              XAxisType axis = (XAxisType) shape.get(1);
              MetricQueryResult expected = query(cs, tc, metric, stat, period, axis);
              MetricQueryResult viaNode1 = query(c1, tc, metric, stat, period, axis);
              MetricQueryResult viaNode2 = query(c2, tc, metric, stat, period, axis);
              assertThat(expected.xAxisValues()).isNotEmpty();
              assertThat(viaNode1).as("%s %s %s %s %s", tc, metric, stat, period, axis).isEqualTo(expected);
              assertThat(viaNode2).as("%s %s %s %s %s", tc, metric, stat, period, axis).isEqualTo(expected);
              compared++;
            }
          }
        }
      }
      assertThat(compared).isEqualTo(3 * 2 * 6 * 4);
    }
  }

  @Test
  @DisplayName("two nodes racing past the metric-name limit store exactly the limit")
  void limitHoldsAcrossNodes() throws Exception {
    try (PostgresTestDatabase db = new PostgresTestDatabase();
        StepwiseTestServer node1 = new StepwiseTestServer(pgConfig(db.url(), "n1").withLimits(10, 1_000));
        StepwiseTestServer node2 = new StepwiseTestServer(pgConfig(db.url(), "n2").withLimits(10, 1_000));
        SageMakerMetricsClient c1 = node1.client();
        SageMakerMetricsClient c2 = node2.client()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<List<BatchPutMetricsError>>> results = new ArrayList<>();
      for (int n = 0; n < 4; n++) {
        SageMakerMetricsClient client = n % 2 == 0 ? c1 : c2;
        String prefix = "node" + n + "-";
        results.add(
            pool.submit(
                () -> {
                  List<BatchPutMetricsError> errors = new ArrayList<>();
                  for (int i = 0; i < 5; i++) {
                    String name = prefix + i;
                    errors.addAll(
                        client
                            .batchPutMetrics(
                                b -> b.trialComponentName("tc-race").metricData(
                                    RawMetricData.builder().metricName(name).timestamp(T0).value(1.0).build()))
                            .errors());
                  }
                  return errors;
                }));
      }
      int exceeded = 0;
      for (Future<List<BatchPutMetricsError>> r : results) {
        for (BatchPutMetricsError e : r.get()) {
          assertThat(e.code()).isEqualTo(PutMetricsErrorCode.METRIC_LIMIT_EXCEEDED);
          exceeded++;
        }
      }
      pool.shutdown();
      assertThat(exceeded).isEqualTo(20 - 10);
    }
  }

  ServerConfig pgConfig(String url, String name) {
    return ServerConfig.defaults().withPort(0).withDataDir(dir.resolve(name)).toBuilder().postgresUrl(url).build();
  }
}
