package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * Deleting a trial component's metrics through {@code DELETE /admin/trial-components/{name}}, signed with SigV4 by
 * curl's {@code --aws-sigv4} exactly as the README shows, in secured mode: only the caller's account is touched.
 */
@DisplayName("Deleting a trial component's metrics")
class DeleteTrialComponentIT {
  static final String KEY_A = "AKIAACCOUNTA00000001";
  static final String SECRET_A = "secretA/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String KEY_B = "AKIAACCOUNTB00000002";
  static final String SECRET_B = "secretB+bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  static final String ACCOUNT_A = "111111111111";
  static final String ACCOUNT_B = "222222222222";

  @TempDir Path dir;
  StepwiseTestServer server;

  @BeforeEach
  void start() throws IOException {
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, KEY_A + " " + SECRET_A + " " + ACCOUNT_A + "\n" + KEY_B + " " + SECRET_B + " "
        + ACCOUNT_B + "\n");
    server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data")).toBuilder()
        .credentialsFile(credentials).build(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SageMakerMetricsClient client(String key, String secret) {
    return server.client(AwsBasicCredentials.create(key, secret), 1);
  }

  private static void put(SageMakerMetricsClient client, String tc, int points) {
    Instant t0 = Instant.now().minusSeconds(600);
    client.batchPutMetrics(b -> b.trialComponentName(tc).metricData(java.util.stream.IntStream.range(0, points)
        .mapToObj(i -> software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData.builder()
            .metricName("loss").timestamp(t0.plusSeconds(i)).step(i).value((double) i).build())
        .toList()));
  }

  private static List<Double> counts(SageMakerMetricsClient client, String account, String tc) {
    MetricQueryResult result = client.batchGetMetrics(b -> b.metricQueries(q -> q.metricName("loss")
        .resourceArn(StepwiseTestServer.trialComponentArn(account, tc))
        .metricStat(MetricStatistic.COUNT).period(Period.ITERATION_NUMBER).xAxisType(XAxisType.ITERATION_NUMBER)))
        .metricQueryResults().getFirst();
    return result.metricValues();
  }

  /** curl, signing as the README's example does; returns the HTTP status and the body. */
  private String[] curlDelete(String key, String secret, String name) throws Exception {
    Process curl = new ProcessBuilder("curl", "-s", "-w", "\n%{http_code}",
        "--aws-sigv4", "aws:amz:" + StepwiseTestServer.REGION + ":sagemaker", "--user", key + ":" + secret,
        "-X", "DELETE", server.endpoint() + "/admin/trial-components/" + name)
        .redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    int cut = out.lastIndexOf('\n');
    return new String[] {out.substring(cut + 1), out.substring(0, cut)};
  }

  @Test
  @DisplayName("deletes the caller's trial component only, answers how many points, and may be repeated")
  void deletes() throws Exception {
    try (SageMakerMetricsClient a = client(KEY_A, SECRET_A); SageMakerMetricsClient b = client(KEY_B, SECRET_B)) {
      put(a, "run-1", 5);
      put(a, "run-2", 3);
      put(b, "run-1", 4);

      String[] answer = curlDelete(KEY_A, SECRET_A, "run-1");

      assertThat(answer[0]).isEqualTo("200");
      assertThat(answer[1]).isEqualTo("{\"TrialComponentName\":\"run-1\",\"DeletedPoints\":5}");
      assertThat(counts(a, ACCOUNT_A, "run-1")).isEmpty();
      assertThat(counts(a, ACCOUNT_A, "run-2")).hasSize(3);
      assertThat(counts(b, ACCOUNT_B, "run-1")).as("another account's run of the same name").hasSize(4);
      assertThat(curlDelete(KEY_A, SECRET_A, "run-1")[1]).contains("\"DeletedPoints\":0");
      put(a, "run-1", 2);
      assertThat(counts(a, ACCOUNT_A, "run-1")).as("written again after the deletion").hasSize(2);
    }
  }

  @Test
  @DisplayName("refuses a wrong signature (403) and a malformed name (400), deleting nothing")
  void refuses() throws Exception {
    try (SageMakerMetricsClient a = client(KEY_A, SECRET_A)) {
      put(a, "run-1", 5);

      assertThat(curlDelete(KEY_A, SECRET_B, "run-1")[0]).isEqualTo("403");
      String[] badName = curlDelete(KEY_A, SECRET_A, "Run_1");
      assertThat(badName[0]).isEqualTo("400");
      assertThat(badName[1]).contains("ValidationException").contains("trialComponentName");
      assertThat(counts(a, ACCOUNT_A, "run-1")).hasSize(5);
    }
  }
}
