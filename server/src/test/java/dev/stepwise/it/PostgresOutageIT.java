package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.trialComponentArn;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.testing.PostgresTestDatabase;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.SageMakerMetricsException;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * The network to PostgreSQL is cut during ingest (a real TCP proxy drops every connection and refuses new ones):
 * requests fail fast with 503 ServiceUnavailable, readiness goes down, the log says so once, and when the network is
 * back the node recovers by itself (and says so once); every acknowledged point is then stored exactly once.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@DisplayName("PostgreSQL outage during ingest")
class PostgresOutageIT {
  static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");

  @TempDir Path dir;

  int step;
  final Set<Integer> acknowledged = new HashSet<>();
  final List<Long> failureMillis = new ArrayList<>();

  /** One request of 10 new points; records their steps when acknowledged. */
  boolean putTen(SageMakerMetricsClient client) {
    List<RawMetricData> batch = new ArrayList<>();
    int first = step;
    for (int i = 0; i < 10; i++, step++) {
      batch.add(RawMetricData.builder().metricName("loss").timestamp(T0.plusSeconds(step)).step(step).value((double) step).build());
    }
    long started = System.nanoTime();
    try {
      client.batchPutMetrics(b -> b.trialComponentName("tc-outage").metricData(batch));
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

  /** What the server logs, from its own classes (the pool's lines are its own business). */
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  List<ILoggingEvent> stepwiseWarnings() {
    synchronized (logged) {
      return logged.list.stream()
          .filter(e -> e.getLoggerName().startsWith("dev.stepwise") && e.getLevel().isGreaterOrEqual(Level.WARN))
          .toList();
    }
  }

  @Test
  void outageAndRecovery() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logged.start();
    root.addAppender(logged);
    try {
      outage();
    } finally {
      root.detachAppender(logged);
    }
  }

  void outage() throws Exception {
    try (PostgresTestDatabase db = new PostgresTestDatabase();
        TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
      ServerConfig config =
          ServerConfig.defaults().withPort(0).withDataDir(dir).toBuilder().postgresUrl(db.url("127.0.0.1:" + proxy.port())).build();
      try (StepwiseTestServer server = new StepwiseTestServer(config);
          SageMakerMetricsClient client = server.client()) {
        for (int i = 0; i < 20; i++) {
          assertThat(putTen(client)).isTrue();
        }
        assertThat(readiness(server)).isEqualTo(200);

        proxy.cut();
        int failures = 0;
        for (int i = 0; i < 10; i++) {
          if (!putTen(client)) {
            failures++;
          }
        }
        assertThat(failures).as("requests during the outage fail").isGreaterThanOrEqualTo(9);
        assertThat(failureMillis).as("and fail fast").allSatisfy(ms -> assertThat(ms).isLessThan(10_000));
        assertThat(readiness(server)).isEqualTo(503);
        assertThat(readiness(server)).isEqualTo(503);
        // One line says the store went down, and why; not a stack trace for every failed request or probe.
        assertThat(stepwiseWarnings()).as("warnings during the outage").hasSizeBetween(1, 2)
            .allSatisfy(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull())
            .anySatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("PostgreSQL store cannot write: "));

        proxy.restore();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
          recovered = putTen(client);
        }
        assertThat(recovered).as("the node recovers without a restart").isTrue();
        for (int i = 0; i < 20; i++) {
          assertThat(putTen(client)).isTrue();
        }
        assertThat(readiness(server)).isEqualTo(200);
        synchronized (logged) {
          assertThat(logged.list).as("the recovery, logged once")
              .filteredOn(e -> e.getFormattedMessage().startsWith("PostgreSQL store writes again")).hasSize(1);
        }

        MetricQueryResult counts =
            client
                .batchGetMetrics(
                    b ->
                        b.metricQueries(
                            q ->
                                q.metricName("loss")
                                    .resourceArn(trialComponentArn(ACCOUNT, "tc-outage"))
                                    .metricStat(MetricStatistic.COUNT)
                                    .period(Period.ITERATION_NUMBER)
                                    .xAxisType(XAxisType.ITERATION_NUMBER)))
                .metricQueryResults()
                .get(0);
        Set<Integer> stored = new HashSet<>();
        for (int i = 0; i < counts.xAxisValues().size(); i++) {
          assertThat(counts.metricValues().get(i)).as("step %d stored once", counts.xAxisValues().get(i)).isEqualTo(1.0);
          stored.add(counts.xAxisValues().get(i).intValue());
        }
        assertThat(stored).containsAll(acknowledged);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(410);
      }
    }
  }
}
