package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.trialComponentArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import software.amazon.awssdk.services.sagemakermetrics.model.SageMakerMetricsException;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/** Every envelope and item-level error, as the AWS SDK for Java v2 reports it to its caller. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Errors seen through the AWS SDK for Java v2")
class SdkErrorsIT {
  static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");
  static final String TC_PATTERN = "^[a-z0-9](-*[a-z0-9]){0,119}";

  @TempDir static Path dataDir;
  StepwiseTestServer server;
  SageMakerMetricsClient client;

  @BeforeAll
  void start() {
    server = new StepwiseTestServer(dataDir);
    client = server.client();
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  static RawMetricData valid(String name, long msAfterT, double value) {
    return RawMetricData.builder().metricName(name).timestamp(T.plusMillis(msAfterT)).value(value).build();
  }

  SageMakerMetricsException putFails(String trialComponent, List<RawMetricData> data) {
    return catchThrowableOfType(
        SageMakerMetricsException.class,
        () -> client.batchPutMetrics(b -> b.trialComponentName(trialComponent).metricData(data)));
  }

  static void assertError(SageMakerMetricsException e, int status, String code, String message) {
    assertThat(e).as("expected %s", code).isNotNull();
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    assertThat(e.requestId()).isNotBlank();
  }

  double count(String trialComponent, String metric) {
    MetricQueryResult result =
        client
            .batchGetMetrics(
                b ->
                    b.metricQueries(
                        MetricQuery.builder()
                            .metricName(metric)
                            .resourceArn(trialComponentArn(ACCOUNT, trialComponent))
                            .metricStat(MetricStatistic.COUNT)
                            .period(Period.ONE_HOUR)
                            .xAxisType(XAxisType.TIMESTAMP)
                            .build()))
            .metricQueryResults()
            .get(0);
    return result.metricValues().stream().mapToDouble(Double::doubleValue).sum();
  }

  @Nested
  @DisplayName("BatchPutMetrics envelope: 400 ValidationException, nothing stored")
  class PutEnvelope {
    @Test
    void trialComponentNameNotMatchingThePattern() {
      assertError(
          putFails("Bad_Name", List.of(valid("m", 0, 1))),
          400,
          "ValidationException",
          "1 validation error detected: Value 'Bad_Name' at 'trialComponentName' failed to satisfy constraint: "
              + "Member must satisfy regular expression pattern: " + TC_PATTERN);
      assertThat(count("bad-name", "m")).isZero();
    }

    @Test
    void trialComponentNameMissing() {
      SageMakerMetricsException e =
          catchThrowableOfType(
              SageMakerMetricsException.class, () -> client.batchPutMetrics(b -> b.metricData(valid("m", 0, 1))));
      assertError(
          e,
          400,
          "ValidationException",
          "1 validation error detected: Value null at 'trialComponentName' failed to satisfy constraint: "
              + "Member must not be null");
    }

    @Test
    void metricDataEmpty() {
      SageMakerMetricsException e = putFails("tc-empty", List.of());
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.awsErrorDetails().errorMessage())
          .startsWith("1 validation error detected: Value ")
          .endsWith("at 'metricData' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void elevenItems() {
      List<RawMetricData> eleven = IntStream.range(0, 11).mapToObj(i -> valid("m", i, i)).toList();
      SageMakerMetricsException e = putFails("tc-eleven", eleven);
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.awsErrorDetails().errorMessage())
          .startsWith("1 validation error detected: Value ")
          .endsWith("at 'metricData' failed to satisfy constraint: Member must have length less than or equal to 10");
      assertThat(count("tc-eleven", "m")).isZero();
    }

    @Test
    void twoViolationsAreReportedTogether() {
      SageMakerMetricsException e = putFails("UPPER", List.of());
      assertThat(e.awsErrorDetails().errorMessage())
          .startsWith("2 validation errors detected: Value 'UPPER' at 'trialComponentName'")
          .contains("; Value ");
    }
  }

  @Nested
  @DisplayName("BatchPutMetrics items: VALIDATION_ERROR for the bad ones, the rest stored")
  class PutItems {
    @Test
    void eachBadItemIsReportedByIndexAndTheOthersAreStored() {
      List<RawMetricData> items = new ArrayList<>();
      items.add(valid("ok", 0, 1)); // 0 ok
      items.add(RawMetricData.builder().timestamp(T).value(1.0).build()); // 1 no name
      items.add(RawMetricData.builder().metricName("ok").value(1.0).build()); // 2 no timestamp
      items.add(RawMetricData.builder().metricName("ok").timestamp(T.plusMillis(3)).build()); // 3 no value
      items.add(valid("x".repeat(256), 4, 1)); // 4 name too long
      items.add(valid("ok", 5, Double.NaN)); // 5 NaN
      items.add(valid("ok", 6, Double.POSITIVE_INFINITY)); // 6 Infinity
      items.add(RawMetricData.builder().metricName("ok").timestamp(T.plusMillis(7)).step(-1).value(1.0).build()); // 7
      items.add(valid("ok", 8, 8)); // 8 ok
      items.add(
          RawMetricData.builder()
              .metricName("ok")
              .timestamp(StepwiseTestServer.NOW.plus(Duration.ofHours(2)).plusSeconds(1))
              .value(1.0)
              .build()); // 9 more than 2 h in the future

      List<BatchPutMetricsError> errors =
          client.batchPutMetrics(b -> b.trialComponentName("tc-items").metricData(items)).errors();

      assertThat(errors).allSatisfy(e -> assertThat(e.code()).isEqualTo(PutMetricsErrorCode.VALIDATION_ERROR));
      assertThat(errors).extracting(BatchPutMetricsError::metricIndex).containsExactly(1, 2, 3, 4, 5, 6, 7, 9);
      assertThat(count("tc-items", "ok")).isEqualTo(2.0);
    }

    @Test
    void timestampsBeforeTheEpochAreRejected() {
      List<BatchPutMetricsError> errors =
          client
              .batchPutMetrics(
                  b ->
                      b.trialComponentName("tc-epoch")
                          .metricData(
                              RawMetricData.builder().metricName("m").timestamp(Instant.parse("1969-12-31T23:59:59.500Z")).value(1.0).build(),
                              valid("m", 0, 1)))
              .errors();

      assertThat(errors).extracting(BatchPutMetricsError::metricIndex).containsExactly(0);
    }

    @Test
    void anExactReplayIsStoredOnce() {
      List<RawMetricData> items = List.of(valid("loss", 0, 0.5), valid("loss", 1, 0.25), valid("loss", 1, 0.3));
      for (int attempt = 0; attempt < 3; attempt++) {
        assertThat(client.batchPutMetrics(b -> b.trialComponentName("tc-replay").metricData(items)).hasErrors())
            .isFalse();
      }
      // Distinct points at the same timestamp are all kept; exact copies are not.
      assertThat(count("tc-replay", "loss")).isEqualTo(3.0);
    }

    @Test
    void timestampsKeepTheirMilliseconds() {
      client.batchPutMetrics(
          b ->
              b.trialComponentName("tc-ms")
                  .metricData(RawMetricData.builder().metricName("m").timestamp(T).step(0).value(1.0).build()));

      MetricQueryResult result =
          client
              .batchGetMetrics(
                  b ->
                      b.metricQueries(
                          MetricQuery.builder()
                              .metricName("m")
                              .resourceArn(trialComponentArn(ACCOUNT, "tc-ms"))
                              .metricStat(MetricStatistic.LAST)
                              .period(Period.ITERATION_NUMBER)
                              .xAxisType(XAxisType.TIMESTAMP)
                              .build()))
              .metricQueryResults()
              .get(0);

      // The SDK sends 1767323045.678; the x value of a step on the time axis is its latest timestamp in ms.
      assertThat(result.xAxisValues()).containsExactly(1_767_323_045_678L);
    }
  }

  @Nested
  @DisplayName("BatchGetMetrics")
  class Get {
    MetricQuery.Builder query() {
      return MetricQuery.builder()
          .metricName("m")
          .resourceArn(trialComponentArn(ACCOUNT, "tc-get"))
          .metricStat(MetricStatistic.AVG)
          .period(Period.ONE_MINUTE)
          .xAxisType(XAxisType.TIMESTAMP);
    }

    SageMakerMetricsException getFails(List<MetricQuery> queries) {
      return catchThrowableOfType(
          SageMakerMetricsException.class, () -> client.batchGetMetrics(b -> b.metricQueries(queries)));
    }

    @Test
    void oneHundredAndOneQueriesAreRejected() {
      SageMakerMetricsException e = getFails(Collections.nCopies(101, query().build()));
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.awsErrorDetails().errorMessage())
          .endsWith("at 'metricQueries' failed to satisfy constraint: Member must have length less than or equal to 100");
    }

    @Test
    void oneHundredQueriesAnswerOneHundredResults() {
      assertThat(client.batchGetMetrics(b -> b.metricQueries(Collections.nCopies(100, query().build()))).metricQueryResults())
          .hasSize(100);
    }

    @Test
    void anArnNotMatchingThePatternIsRejected() {
      assertError(
          getFails(List.of(query().build(), query().resourceArn("not-an-arn").build())),
          400,
          "ValidationException",
          "1 validation error detected: Value 'not-an-arn' at 'metricQueries.2.member.resourceArn' failed to satisfy "
              + "constraint: Member must satisfy regular expression pattern: "
              + "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-].*/.*");
    }

    @Test
    void aMissingMemberIsRejected() {
      SageMakerMetricsException e = getFails(List.of(query().metricStat((String) null).build()));
      assertError(
          e,
          400,
          "ValidationException",
          "1 validation error detected: Value null at 'metricQueries.1.member.metricStat' failed to satisfy "
              + "constraint: Member must not be null");
    }

    @Test
    void anUnknownEnumValueIsRejected() {
      SageMakerMetricsException e = getFails(List.of(query().metricStat("Median").build()));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.awsErrorDetails().errorMessage())
          .startsWith("1 validation error detected: Value 'Median' at 'metricQueries.1.member.metricStat'")
          .contains("Member must satisfy enum value set: [");
    }

    @Test
    void anotherAccountsResourceIsAccessDenied() {
      SageMakerMetricsException e =
          getFails(List.of(query().build(), query().resourceArn(trialComponentArn("210987654321", "tc-get")).build()));
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      assertThat(e.awsErrorDetails().errorMessage()).contains(ACCOUNT).contains("210987654321");
    }

    @Test
    void anotherAccountsDataIsInvisible() {
      try (SageMakerMetricsClient other = server.client("210987654321")) {
        other.batchPutMetrics(b -> b.trialComponentName("tc-shared-name").metricData(valid("m", 0, 42)));
      }
      assertThat(count("tc-shared-name", "m")).isZero();
    }

    @Test
    void anUnsupportedResourceTypeIsThatQuerysValidationError() {
      List<MetricQueryResult> results =
          client
              .batchGetMetrics(
                  b ->
                      b.metricQueries(
                          query().resourceArn("arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":experiment/foo").build(),
                          query().build()))
              .metricQueryResults();

      assertThat(results.get(0).status()).isEqualTo(MetricQueryResultStatus.VALIDATION_ERROR);
      assertThat(results.get(0).message()).contains("experiment");
      assertThat(results.get(1).status()).isEqualTo(MetricQueryResultStatus.COMPLETE);
    }

    @Test
    void aTrainingJobArnReadsItsTrialComponent() {
      client.batchPutMetrics(b -> b.trialComponentName("my-job-aws-training-job").metricData(valid("m", 0, 7)));

      MetricQueryResult result =
          client
              .batchGetMetrics(
                  b ->
                      b.metricQueries(
                          query()
                              .resourceArn("arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":training-job/my-job")
                              .metricStat(MetricStatistic.MAX)
                              .build()))
              .metricQueryResults()
              .get(0);

      assertThat(result.status()).isEqualTo(MetricQueryResultStatus.COMPLETE);
      assertThat(result.metricValues()).containsExactly(7.0);
    }
  }
}
