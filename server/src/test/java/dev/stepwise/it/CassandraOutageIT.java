package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.trialComponentArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import dev.stepwise.testing.CassandraTestCluster;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import software.amazon.awssdk.services.sagemakermetrics.model.SageMakerMetricsException;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * Cassandra nodes killed with SIGKILL during ingest ({@code bin/cassandra-cluster kill}): with one of three down,
 * writes go on; with two down, requests fail fast with 503 ServiceUnavailable and readiness says so; with the nodes
 * started again, ingest resumes by itself; every acknowledged point is then stored exactly once.
 */
@EnabledIfEnvironmentVariable(named = CassandraTestCluster.CONTACT_POINTS_VARIABLE, matches = ".+")
@DisplayName("Cassandra nodes killed during ingest")
class CassandraOutageIT {
  static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
  private static final CassandraTestCluster cluster = new CassandraTestCluster();

  @TempDir Path dir;

  int step;
  final Set<Integer> acknowledged = new HashSet<>();
  final List<Long> failureMillis = new ArrayList<>();

  @AfterAll
  static void dropKeyspaces() {
    cluster.close();
  }

  /** One request of 10 new points; records their steps when acknowledged. */
  boolean putTen(SageMakerMetricsClient client) {
    List<RawMetricData> batch = new ArrayList<>();
    int first = step;
    for (int i = 0; i < 10; i++, step++) {
      batch.add(RawMetricData.builder().metricName("loss").timestamp(T0.plusSeconds(step)).step(step)
          .value((double) step).build());
    }
    long started = System.nanoTime();
    try {
      assertThat(client.batchPutMetrics(b -> b.trialComponentName("tc-outage").metricData(batch)).hasErrors())
          .isFalse();
      for (int s = first; s < first + 10; s++) {
        acknowledged.add(s);
      }
      return true;
    } catch (SageMakerMetricsException e) {
      assertThat(e.statusCode()).isEqualTo(503);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
      failureMillis.add((System.nanoTime() - started) / 1_000_000);
      return false;
    }
  }

  int readiness(StepwiseTestServer server) {
    return RawHttp.send(HttpRequest.newBuilder(server.endpoint().resolve("/health/ready")).build()).statusCode();
  }

  /** Runs {@code bin/cassandra-cluster} (the tests run in server/). */
  static void cluster(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("../bin/cassandra-cluster"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
  }

  boolean recovered(SageMakerMetricsClient client, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (putTen(client)) {
        return true;
      }
    }
    return false;
  }

  @Test
  @DisplayName("one node down: writes go on; two down: 503 fast; restarted: ingest resumes; nothing lost or doubled")
  void nodesKilledAndRestarted() throws Exception {
    String keyspace = cluster.acquire().keyspace();
    List<String> points = CassandraTestCluster.contactPoints().stream()
        .map(a -> a.getHostString() + ":" + a.getPort()).toList();
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir).toBuilder()
        .cassandraContactPoints(points).cassandraKeyspace(keyspace).build();
    boolean killed = false;
    try (StepwiseTestServer server = new StepwiseTestServer(config);
        SageMakerMetricsClient client = server.client()) {
      for (int i = 0; i < 20; i++) {
        assertThat(putTen(client)).isTrue();
      }
      assertThat(readiness(server)).isEqualTo(200);

      cluster("kill", "3");
      killed = true;
      int ok = 0;
      for (int i = 0; i < 30; i++) {
        ok += putTen(client) ? 1 : 0;
      }
      // Requests in flight on the killed node's connections may fail; the rest go on at a quorum of two.
      assertThat(ok).as("writes with one node of three down").isGreaterThanOrEqualTo(25);
      assertThat(recovered(client, Duration.ofSeconds(5))).isTrue();
      assertThat(readiness(server)).isEqualTo(200);

      cluster("kill", "2");
      failureMillis.clear();
      int failures = 0;
      for (int i = 0; i < 10; i++) {
        failures += putTen(client) ? 0 : 1;
      }
      assertThat(failures).as("requests with two nodes of three down fail").isGreaterThanOrEqualTo(9);
      // At worst a write timeout (5 s) until the surviving node's failure detector convicts the dead ones; then
      // Cassandra answers Unavailable at once.
      assertThat(failureMillis).as("and fail fast").allSatisfy(ms -> assertThat(ms).isLessThan(12_000));
      assertThat(failureMillis.getLast()).as("once the dead nodes are known").isLessThan(3_000);
      assertThat(readiness(server)).isEqualTo(503);

      cluster("start-node", "2");
      cluster("start-node", "3");
      killed = false;
      assertThat(recovered(client, Duration.ofSeconds(90))).as("ingest resumes without a restart").isTrue();
      for (int i = 0; i < 20; i++) {
        assertThat(putTen(client)).isTrue();
      }
      assertThat(readiness(server)).isEqualTo(200);

      MetricQueryResult counts = client.batchGetMetrics(b -> b.metricQueries(q -> q.metricName("loss")
              .resourceArn(trialComponentArn(ACCOUNT, "tc-outage")).metricStat(MetricStatistic.COUNT)
              .period(Period.ITERATION_NUMBER).xAxisType(XAxisType.ITERATION_NUMBER)))
          .metricQueryResults().get(0);
      Set<Integer> stored = new HashSet<>();
      for (int i = 0; i < counts.xAxisValues().size(); i++) {
        assertThat(counts.metricValues().get(i)).as("step %d stored once", counts.xAxisValues().get(i))
            .isEqualTo(1.0);
        stored.add(counts.xAxisValues().get(i).intValue());
      }
      assertThat(stored).containsAll(acknowledged);
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(650);
    } finally {
      if (killed) { // leave the cluster whole for the tests after this one
        cluster("start-node", "2");
        cluster("start-node", "3");
      }
    }
  }
}
