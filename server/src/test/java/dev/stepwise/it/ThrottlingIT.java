package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.config.ServerConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.BatchPutMetricsResponse;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.SageMakerMetricsException;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * A full write queue as the AWS SDK sees it. Another process holds the SQLite file's write lock (as the sqlite3
 * shell or a backup tool can), so the writer waits with one request while a second fills the queue of one; the
 * third request is refused in front of the framework, and must look exactly like every other AWS error: 429,
 * ThrottlingException with its message, a request id, Retry-After and Date, counted in /metrics. Once the lock is
 * released the waiting requests are stored, and the SDK's own retries store the refused one.
 */
@DisplayName("Refusal while the write queue is full")
class ThrottlingIT {
  private static final Instant T = StepwiseTestServer.NOW.minusSeconds(86_400);
  private static final Pattern QUEUE_DEPTH = Pattern.compile("(?m)^stepwise_write_queue_depth (\\S+)$");
  private static final Pattern REFUSALS = Pattern.compile(
      "(?m)^stepwise_requests_seconds_count\\{operation=\"BatchPutMetrics\",status=\"429\"} (\\S+)$");

  @TempDir Path dataDir;

  @Test
  @DisplayName("is a 429 ThrottlingException the SDK parses and retries, and loses nothing")
  void throttled() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir).toBuilder()
        .writeQueueCapacity(1).build();
    try (StepwiseTestServer server = new StepwiseTestServer(config);
        SageMakerMetricsClient once = server.client();
        SageMakerMetricsClient retrying = server.client(
            AwsBasicCredentials.create(StepwiseTestServer.ACCOUNT, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), 10);
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("stepwise.db"));
        Statement lock = other.createStatement();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      put(once, 0); // the client's first call is slow (its start-up), which would blur the timing below
      lock.execute("BEGIN IMMEDIATE");
      CompletableFuture<BatchPutMetricsResponse> withTheWriter = CompletableFuture.supplyAsync(() -> put(once, 3), callers);
      awaitQueueDepth(server, 0, withTheWriter);
      // Time for the writer to take it and wait for the lock; were it still queued, the next request would be
      // refused (the queue holds one) and the test would fail rather than pass wrongly.
      Thread.sleep(300);
      CompletableFuture<BatchPutMetricsResponse> queued = CompletableFuture.supplyAsync(() -> put(once, 1), callers);
      awaitQueueDepth(server, 1, queued);

      SageMakerMetricsException refused = catchThrowableOfType(SageMakerMetricsException.class, () -> put(once, 2));

      assertThat(refused).isNotNull();
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
      assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
      assertThat(refused.isThrottlingException()).isTrue();
      assertThat(refused.requestId()).isNotBlank();
      var headers = refused.awsErrorDetails().sdkHttpResponse();
      assertThat(headers.firstMatchingHeader("Retry-After")).contains("1");
      assertThat(headers.firstMatchingHeader("Date")).isPresent();
      assertThat(metric(server, REFUSALS)).isEqualTo(1.0);

      CompletableFuture<BatchPutMetricsResponse> retried = CompletableFuture.supplyAsync(() -> put(retrying, 2), callers);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (metric(server, REFUSALS) < 2) { // the retrying client was refused too, and retries
        assertThat(System.nanoTime()).as("a second refusal").isLessThan(deadline);
        Thread.sleep(10);
      }
      lock.execute("ROLLBACK");
      withTheWriter.get();
      queued.get();
      retried.get();
      double stored = once.batchGetMetrics(b -> b.metricQueries(q -> q.metricName("loss")
              .resourceArn(StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, "throttled"))
              .metricStat(MetricStatistic.COUNT).period(Period.ITERATION_NUMBER)
              .xAxisType(XAxisType.ITERATION_NUMBER)))
          .metricQueryResults().get(0).metricValues().stream().mapToDouble(Double::doubleValue).sum();
      assertThat(stored).isEqualTo(4.0);
    }
  }

  private static BatchPutMetricsResponse put(SageMakerMetricsClient client, int step) {
    return client.batchPutMetrics(b -> b.trialComponentName("throttled").metricData(List.of(
        RawMetricData.builder().metricName("loss").timestamp(T.plusSeconds(step)).step(step).value((double) step).build())));
  }

  private static void awaitQueueDepth(StepwiseTestServer server, double depth, CompletableFuture<?> request)
      throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (metric(server, QUEUE_DEPTH) != depth || (depth == 0 && !inProgress(server))) {
      assertThat(request).as("the request must wait for the lock").isNotDone();
      assertThat(System.nanoTime()).as("queue depth %s", depth).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Whether a request besides the scrape itself is being handled. */
  private static boolean inProgress(StepwiseTestServer server) throws Exception {
    return metric(server, Pattern.compile("(?m)^stepwise_requests_in_progress (\\S+)$")) >= 2;
  }

  private static double metric(StepwiseTestServer server, Pattern pattern) throws Exception {
    String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint().resolve("/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = pattern.matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
