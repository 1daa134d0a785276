package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.BatchPutMetricsResponse;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * Kills the server with SIGKILL at random moments while clients write, restarts it, lets the clients' retries
 * finish, and audits: every point whose request was acknowledged is stored exactly once. The clients' own record
 * of acknowledged points is the ground truth. {@code -Dstepwise.crash.kills=N} runs longer (default 3, for CI).
 */
@DisplayName("Crash safety (SIGKILL)")
class CrashSafetyIT {
  static final int KILLS = Integer.getInteger("stepwise.crash.kills", 3);
  static final int CLIENTS = 4;
  static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);

  @TempDir Path dir;

  @Test
  @DisplayName("SQLite: every acknowledged point is stored exactly once")
  void sqlite() throws Exception {
    audit(List.of("--data-dir", dir.resolve("data").toString()));
  }

  @Test
  @EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
  @DisplayName("PostgreSQL: every acknowledged point is stored exactly once")
  void postgres() throws Exception {
    try (PostgresTestDatabase db = new PostgresTestDatabase()) {
      audit(List.of("--postgres-url", db.url()));
    }
  }

  void audit(List<String> storeArgs) throws Exception {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
    args.addAll(storeArgs);
    Random random = new Random();
    AtomicBoolean stop = new AtomicBoolean();
    long[] acknowledged = new long[CLIENTS];
    AtomicLong failedAttempts = new AtomicLong();
    try (ServerProcess server = new ServerProcess(port, dir.resolve("server.log"), args)) {
      server.start();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(pool.submit(() -> write(server.endpoint(), "crash-" + client, stop, acknowledged, client,
            failedAttempts)));
      }
      for (int kill = 0; kill < KILLS; kill++) {
        Thread.sleep(500 + random.nextInt(1_500));
        server.kill();
        Thread.sleep(random.nextInt(500));
        server.start();
      }
      Thread.sleep(1_000);
      stop.set(true);
      for (Future<?> f : clients) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      try (SageMakerMetricsClient reader = client(server.endpoint())) {
        for (int c = 0; c < CLIENTS; c++) {
          assertThat(acknowledged[c]).as("client %d wrote across the kills", c).isGreaterThan(0);
          String tc = "crash-" + c;
          MetricQueryResult result = reader.batchGetMetrics(r -> r.metricQueries(q -> q
              .metricName("loss").resourceArn(StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, tc))
              .metricStat(MetricStatistic.COUNT).period(Period.ITERATION_NUMBER).xAxisType(XAxisType.ITERATION_NUMBER)))
              .metricQueryResults().getFirst();
          // One bucket per step, each with Count 1: every acknowledged step is there, none twice, none extra.
          assertThat(result.xAxisValues()).as(tc).hasSize((int) acknowledged[c]);
          assertThat(result.metricValues()).as(tc).allMatch(count -> count == 1.0);
          assertThat(result.xAxisValues().getLast()).as(tc).isEqualTo(acknowledged[c] - 1);
        }
      }
    }
    System.out.printf("crash safety: %d kills, %d points acknowledged and audited, %d failed attempts retried%n",
        KILLS, java.util.Arrays.stream(acknowledged).sum(), failedAttempts.get());
  }

  /**
   * Writes steps 0, 1, 2, ... of one trial component, 10 per request; a request that fails even after the SDK's own
   * retries (the server is down) is sent again, identical, until it is acknowledged: only then are its points
   * counted. So at the end every step below the count was acknowledged, and nothing else was ever sent.
   */
  private static Void write(URI endpoint, String tc, AtomicBoolean stop, long[] acknowledged, int client,
      AtomicLong failedAttempts) throws InterruptedException {
    try (SageMakerMetricsClient sdk = client(endpoint)) {
      long step = 0;
      while (!stop.get()) {
        List<RawMetricData> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          long s = step + i;
          batch.add(RawMetricData.builder().metricName("loss").step((int) s)
              .timestamp(T0.plusMillis(s)).value(1.0 / (1 + s)).build());
        }
        while (true) {
          try {
            BatchPutMetricsResponse response = sdk.batchPutMetrics(r -> r.trialComponentName(tc).metricData(batch));
            assertThat(response.errors()).isEmpty();
            break;
          } catch (SdkException down) {
            failedAttempts.incrementAndGet();
            Thread.sleep(100);
          }
        }
        step += 10;
        acknowledged[client] = step;
      }
    }
    return null;
  }

  private static SageMakerMetricsClient client(URI endpoint) {
    return SageMakerMetricsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(StepwiseTestServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(StepwiseTestServer.ACCOUNT, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))
        .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(10))
            .connectionTimeout(Duration.ofSeconds(1)).build())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
