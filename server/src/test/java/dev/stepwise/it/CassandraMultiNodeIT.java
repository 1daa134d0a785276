package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import dev.stepwise.testing.CassandraTestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * Two server nodes over one keyspace of the three-node Cassandra cluster, written through concurrently (with
 * replays through the other node) by the real AWS SDK: either node answers every query exactly as a single SQLite
 * node fed the same points does.
 */
@EnabledIfEnvironmentVariable(named = CassandraTestCluster.CONTACT_POINTS_VARIABLE, matches = ".+")
@DisplayName("Several nodes over one Cassandra cluster")
class CassandraMultiNodeIT {
  private static final CassandraTestCluster cluster = new CassandraTestCluster();

  @TempDir Path dir;

  @AfterAll
  static void dropKeyspaces() {
    cluster.close();
  }

  @Test
  @DisplayName("writes through both nodes at once, reads through either, equal to one SQLite node")
  void twoNodesEqualOneSqliteNode() throws Exception {
    String keyspace = cluster.acquire().keyspace();
    try (StepwiseTestServer node1 = new StepwiseTestServer(config(keyspace, "n1"));
        StepwiseTestServer node2 = new StepwiseTestServer(config(keyspace, "n2"));
        StepwiseTestServer sqlite = new StepwiseTestServer(dir.resolve("sqlite"));
        SageMakerMetricsClient c1 = node1.client();
        SageMakerMetricsClient c2 = node2.client();
        SageMakerMetricsClient cs = sqlite.client()) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> writes = new ArrayList<>();
      for (String tc : MultiNodeIT.TRIAL_COMPONENTS) {
        for (String metric : MultiNodeIT.METRICS) {
          List<List<RawMetricData>> batches = MultiNodeIT.batches(metric);
          writes.add(pool.submit(() -> {
            for (int i = 0; i < batches.size(); i++) {
              List<RawMetricData> batch = batches.get(i);
              // Alternate nodes, and replay every third batch through the other node (an SDK retry).
              SageMakerMetricsClient first = i % 2 == 0 ? c1 : c2;
              SageMakerMetricsClient other = first == c1 ? c2 : c1;
              assertThat(first.batchPutMetrics(b -> b.trialComponentName(tc).metricData(batch)).hasErrors()).isFalse();
              if (i % 3 == 0) {
                assertThat(other.batchPutMetrics(b -> b.trialComponentName(tc).metricData(batch)).hasErrors())
                    .isFalse();
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
      for (String tc : MultiNodeIT.TRIAL_COMPONENTS) {
        for (String metric : MultiNodeIT.METRICS) {
          for (MetricStatistic stat : List.of(MetricStatistic.MIN, MetricStatistic.MAX, MetricStatistic.AVG,
              MetricStatistic.COUNT, MetricStatistic.STD_DEV, MetricStatistic.LAST)) {
            for (var shape : List.of(
                List.of(Period.ONE_MINUTE, XAxisType.TIMESTAMP),
                List.of(Period.ONE_HOUR, XAxisType.TIMESTAMP),
                List.of(Period.ITERATION_NUMBER, XAxisType.ITERATION_NUMBER),
                List.of(Period.ITERATION_NUMBER, XAxisType.TIMESTAMP))) {
              Period period = (Period) shape.get(0);
              XAxisType axis = (XAxisType) shape.get(1);
              MetricQueryResult expected = MultiNodeIT.query(cs, tc, metric, stat, period, axis);
              MetricQueryResult viaNode1 = MultiNodeIT.query(c1, tc, metric, stat, period, axis);
              MetricQueryResult viaNode2 = MultiNodeIT.query(c2, tc, metric, stat, period, axis);
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

  ServerConfig config(String keyspace, String name) {
    List<String> points = CassandraTestCluster.contactPoints().stream()
        .map(a -> a.getHostString() + ":" + a.getPort()).toList();
    return ServerConfig.defaults().withPort(0).withDataDir(dir.resolve(name)).toBuilder()
        .cassandraContactPoints(points).cassandraKeyspace(keyspace).build();
  }
}
