package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.trialComponentArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.Main;
import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.SageMakerMetricsException;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/** Secured mode: real credentials from a file, every signature verified, accounts kept apart. */
@DisplayName("Secured mode with the AWS SDK for Java v2")
class SecuredModeIT {
  static final String KEY_A = "AKIAACCOUNTA00000001";
  static final String SECRET_A = "secretA/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String KEY_B = "AKIAACCOUNTB00000002";
  static final String SECRET_B = "secretB+bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  static final String KEY_T = "ASIATEMPORARY0000003";
  static final String SECRET_T = "secretT=ttttttttttttttttttttttttttttttttt";
  static final String TOKEN_T = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN";
  static final String ACCOUNT_A = "111111111111";
  static final String ACCOUNT_B = "222222222222";
  static final String PUT_BODY =
      "{\"TrialComponentName\":\"tc-signed\",\"MetricData\":[{\"MetricName\":\"loss\",\"Timestamp\":%d,\"Value\":0.5}]}";

  @TempDir Path dir;
  Path credentialsFile;
  StepwiseTestServer server;

  @BeforeEach
  void start() throws IOException {
    credentialsFile = dir.resolve("credentials");
    Files.writeString(
        credentialsFile,
        "# access-key-id  secret  account  session-token  description\n"
            + KEY_A + "  " + SECRET_A + "  " + ACCOUNT_A + "  -  account A\n"
            + KEY_B + "\t" + SECRET_B + "\t" + ACCOUNT_B + "\n"
            + KEY_T + " " + SECRET_T + " " + ACCOUNT_A + " " + TOKEN_T + " temporary key of account A\n");
    server = new StepwiseTestServer(securedConfig(), Clock.systemUTC());
  }

  ServerConfig securedConfig() {
    return ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data")).toBuilder().credentialsFile(credentialsFile).build();
  }

  @AfterEach
  void stop() {
    server.close();
    // The SDK keeps the clock correction it learns in a JVM-wide offset; other tests sign with the true time.
    SdkGlobalTime.setGlobalTimeOffset(0);
  }

  static RawMetricData point(double value) {
    return RawMetricData.builder().metricName("loss").timestamp(Instant.now().minusSeconds(60)).value(value).build();
  }

  static void assertError(Throwable thrown, String code, String message) {
    assertThat(thrown).isInstanceOf(SageMakerMetricsException.class);
    SageMakerMetricsException e = (SageMakerMetricsException) thrown;
    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    if (message != null) {
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }
    assertThat(e.awsErrorDetails().errorMessage()).doesNotContain(SECRET_A, SECRET_B, SECRET_T);
  }

  static void assertError(HttpResponse<String> response, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(response.headers().firstValue("X-Amzn-Errortype")).hasValue(code);
    assertThat(response.body()).doesNotContain(SECRET_A, SECRET_B, SECRET_T);
  }

  static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
          + "Key and signing method. Consult the service documentation for details.";
  static final String INVALID_TOKEN = "The security token included in the request is invalid.";

  double countFor(SageMakerMetricsClient client, String account) {
    MetricQueryResult r =
        client
            .batchGetMetrics(
                b ->
                    b.metricQueries(
                        q ->
                            q.metricName("loss")
                                .resourceArn(trialComponentArn(account, "tc-secured"))
                                .metricStat(MetricStatistic.COUNT)
                                .period(Period.ONE_HOUR)
                                .xAxisType(XAxisType.TIMESTAMP)))
            .metricQueryResults()
            .get(0);
    return r.metricValues().stream().mapToDouble(Double::doubleValue).sum();
  }

  @Test
  @DisplayName("a key from the file succeeds and writes to its own account")
  void validCredential() {
    try (SageMakerMetricsClient a = server.client(AwsBasicCredentials.create(KEY_A, SECRET_A), 1)) {
      assertThat(a.batchPutMetrics(b -> b.trialComponentName("tc-secured").metricData(point(1), point(2))).hasErrors())
          .isFalse();
      assertThat(countFor(a, ACCOUNT_A)).isEqualTo(2.0);
    }
  }

  @Test
  @DisplayName("another account can neither read the first's metrics nor see that they exist")
  void accountsAreIsolated() {
    try (SageMakerMetricsClient a = server.client(AwsBasicCredentials.create(KEY_A, SECRET_A), 1);
        SageMakerMetricsClient b = server.client(AwsBasicCredentials.create(KEY_B, SECRET_B), 1)) {
      a.batchPutMetrics(r -> r.trialComponentName("tc-secured").metricData(point(1)));

      assertThat(countFor(b, ACCOUNT_B)).isZero();
      SageMakerMetricsException denied = catchThrowableOfType(SageMakerMetricsException.class, () -> countFor(b, ACCOUNT_A));
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
    }
  }

  @Test
  @DisplayName("a wrong secret is InvalidSignatureException with AWS's text")
  void wrongSecret() {
    try (SageMakerMetricsClient c = server.client(AwsBasicCredentials.create(KEY_A, SECRET_B), 1)) {
      assertError(catchThrowableOfType(SdkException.class, () -> countFor(c, ACCOUNT_A)), "InvalidSignatureException", MISMATCH);
    }
  }

  @Test
  @DisplayName("an unknown access key is UnrecognizedClientException")
  void unknownKey() {
    try (SageMakerMetricsClient c = server.client(AwsBasicCredentials.create("AKIAUNKNOWN000000000", SECRET_A), 1)) {
      assertError(catchThrowableOfType(SdkException.class, () -> countFor(c, ACCOUNT_A)), "UnrecognizedClientException", INVALID_TOKEN);
    }
  }

  @Test
  @DisplayName("a key with a session token needs the token, and the right one")
  void sessionToken() {
    try (SageMakerMetricsClient withToken = server.client(AwsSessionCredentials.create(KEY_T, SECRET_T, TOKEN_T), 1);
        SageMakerMetricsClient without = server.client(AwsBasicCredentials.create(KEY_T, SECRET_T), 1);
        SageMakerMetricsClient wrong = server.client(AwsSessionCredentials.create(KEY_T, SECRET_T, TOKEN_T + "x"), 1);
        SageMakerMetricsClient extra = server.client(AwsSessionCredentials.create(KEY_A, SECRET_A, TOKEN_T), 1)) {
      assertThat(countFor(withToken, ACCOUNT_A)).isZero();
      assertError(catchThrowableOfType(SdkException.class, () -> countFor(without, ACCOUNT_A)), "UnrecognizedClientException", INVALID_TOKEN);
      assertError(catchThrowableOfType(SdkException.class, () -> countFor(wrong, ACCOUNT_A)), "UnrecognizedClientException", INVALID_TOKEN);
      assertError(catchThrowableOfType(SdkException.class, () -> countFor(extra, ACCOUNT_A)), "UnrecognizedClientException", INVALID_TOKEN);
    }
  }

  @Test
  @DisplayName("one byte of the body changed after signing is refused")
  void tamperedBody() {
    SdkSignedHttp.Signed signed = signedPut(Clock.systemUTC(), false);
    byte[] changed = signed.body().clone();
    changed[changed.length - 3] = (byte) '9'; // the value 0.5 becomes 0.9

    HttpResponse<String> response = signed.send(changed, Map.of());

    assertError(response, "InvalidSignatureException");
    assertThat(signed.send().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a signed header changed after signing is refused")
  void tamperedHeader() {
    SdkSignedHttp.Signed signed = signedPut(Clock.systemUTC(), false);

    assertError(signed.send(signed.body(), Map.of("content-type", "application/x-amz-json-1.1")), "InvalidSignatureException");
  }

  @Test
  @DisplayName("a replay within the skew window is accepted (SDK retries resend signatures), outside it refused")
  void replays() {
    SdkSignedHttp.Signed signed = signedPut(Clock.systemUTC(), false);
    assertThat(signed.send().statusCode()).isEqualTo(200);
    assertThat(signed.send().statusCode()).isEqualTo(200);

    SdkSignedHttp.Signed old = signedPut(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)), false);
    HttpResponse<String> response = old.send();
    assertError(response, "InvalidSignatureException");
    assertThat(response.body()).contains("Signature expired: ").contains(" is now earlier than ").contains(" - 5 min.)");

    SdkSignedHttp.Signed future = signedPut(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)), false);
    assertThat(future.send().body()).contains("Signature not yet current: ").contains(" + 5 min.)");
  }

  @Test
  @DisplayName("a presigned (query-string) request is verified too")
  void presigned() {
    SdkSignedHttp.Signed signed = signedPut(Clock.systemUTC(), true);
    assertThat(signed.uri().getRawQuery()).contains("X-Amz-Signature=");

    assertThat(signed.send().statusCode()).isEqualTo(200);
    byte[] changed = signed.body().clone();
    changed[changed.length - 3] = (byte) '9';
    assertError(signed.send(changed, Map.of()), "InvalidSignatureException");
  }

  @Test
  @DisplayName("the SDK corrects its clock from our Date header and succeeds on retry")
  void clockSkewCorrection() {
    server.close();
    server = new StepwiseTestServer(securedConfig(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)));
    try (SageMakerMetricsClient once = server.client(AwsBasicCredentials.create(KEY_A, SECRET_A), 1)) {
      assertError(catchThrowableOfType(SdkException.class, () -> countFor(once, ACCOUNT_A)), "InvalidSignatureException", null);
    }
    SdkGlobalTime.setGlobalTimeOffset(0);
    try (SageMakerMetricsClient retrying = server.client(AwsBasicCredentials.create(KEY_A, SECRET_A), 3)) {
      assertThat(countFor(retrying, ACCOUNT_A)).isZero();
    }
    // What the SDK learnt from our Date header: about 20 minutes ahead.
    assertThat(SdkGlobalTime.getGlobalTimeOffset()).isBetween(-20 * 60 - 30, -20 * 60 + 30);
  }

  @Test
  @DisplayName("only the configured regions are served")
  void regions() {
    server.close();
    server = new StepwiseTestServer(securedConfig().toBuilder().regions(Set.of("eu-west-1")).build(), Clock.systemUTC());
    try (SageMakerMetricsClient c = server.client(AwsBasicCredentials.create(KEY_A, SECRET_A), 1)) {
      assertError(
          catchThrowableOfType(SdkException.class, () -> countFor(c, ACCOUNT_A)),
          "InvalidSignatureException",
          "Credential should be scoped to a valid region, not 'us-east-1'.");
    }
  }

  @Test
  @DisplayName("the credentials file is re-read when it changes, without a restart")
  void reload() throws Exception {
    String keyC = "AKIANEWKEY0000000004";
    try (SageMakerMetricsClient c = server.client(AwsBasicCredentials.create(keyC, SECRET_A), 1)) {
      assertError(catchThrowableOfType(SdkException.class, () -> countFor(c, ACCOUNT_B)), "UnrecognizedClientException", INVALID_TOKEN);

      Files.writeString(credentialsFile, keyC + " " + SECRET_A + " " + ACCOUNT_B + "\n", java.nio.file.StandardOpenOption.APPEND);

      // The server polls the file every 2 s; wait for it, but not forever.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Double count = null;
      while (count == null && System.nanoTime() < deadline) {
        try {
          count = countFor(c, ACCOUNT_B);
        } catch (SageMakerMetricsException e) {
          Thread.sleep(200); // polling the server's reload, which has no event to wait on from here
        }
      }
      assertThat(count).isZero();
    }
  }

  @Test
  @DisplayName("a bad credentials file stops the start with one line that names the line, not the secret")
  void badFile() throws IOException {
    Path bad = dir.resolve("bad");
    Files.writeString(bad, KEY_A + " " + SECRET_A + " 12345\n");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Main.start(securedConfig().toBuilder().credentialsFile(bad).port(0).build(), Clock.systemUTC()))
        .withMessageContaining("line 1")
        .withMessageContaining("not 12 digits")
        .withMessageNotContaining(SECRET_A);
  }

  /** Every part of a signed request the signature covers, changed after signing: each change is refused. */
  @Test
  @DisplayName("changing any signed part after signing is refused, and the untouched request still passes")
  void tamperedParts() {
    SdkSignedHttp.Signed signed = signedPut(Clock.systemUTC(), false);
    String authorization = signed.headers().get("Authorization").getFirst();
    String signature = authorization.substring(authorization.indexOf("Signature=") + 10);
    String otherSignature = (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1);
    java.util.Map<String, java.util.Map<String, String>> headerChanges = new java.util.LinkedHashMap<>();
    headerChanges.put("the signature", java.util.Map.of("authorization", authorization.replace(signature, otherSignature)));
    headerChanges.put("the signed date (one second later)",
        java.util.Map.of("x-amz-date", nextSecond(signed.headers().get("X-Amz-Date").getFirst())));
    headerChanges.put("the scope's region", java.util.Map.of("authorization",
        authorization.replace("/" + StepwiseTestServer.REGION + "/", "/us-west-2/")));
    headerChanges.put("the access key (another account's)", java.util.Map.of("authorization",
        authorization.replace("Credential=" + KEY_A, "Credential=" + KEY_B)));
    headerChanges.put("the signed header list", java.util.Map.of("authorization",
        authorization.replaceFirst("SignedHeaders=([^,]*)", "SignedHeaders=$1;x-extra")));
    headerChanges.put("the Content-Type", java.util.Map.of("content-type", "application/x-amz-json-1.0"));
    headerChanges.put("the declared payload hash", java.util.Map.of("x-amz-content-sha256", "0".repeat(64)));
    headerChanges.forEach((part, change) -> {
      HttpResponse<String> response = signed.send(signed.body(), change);
      assertThat(response.statusCode()).as(part + ": " + response.body()).isEqualTo(403);
    });
    java.net.URI withQuery = java.net.URI.create(signed.uri() + (signed.uri().getQuery() == null ? "?" : "&") + "x=1");
    assertThat(new SdkSignedHttp.Signed(signed.method(), withQuery, signed.headers(), signed.body()).send().statusCode())
        .as("a query parameter added").isEqualTo(403);
    java.net.URI otherPath = signed.uri().resolve("/BatchGetMetrics");
    assertThat(new SdkSignedHttp.Signed(software.amazon.awssdk.http.SdkHttpMethod.POST, otherPath, signed.headers(),
        signed.body()).send().statusCode()).as("another operation's method and path").isEqualTo(403);
    assertThat(new SdkSignedHttp.Signed(software.amazon.awssdk.http.SdkHttpMethod.POST, signed.uri(), signed.headers(),
        signed.body()).send().statusCode()).as("another method on the same path").isIn(403, 404);
    byte[] longer = java.util.Arrays.copyOf(signed.body(), signed.body().length + 1);
    longer[longer.length - 1] = ' ';
    assertThat(signed.send(longer, java.util.Map.of()).statusCode()).as("a byte added to the body").isEqualTo(403);
    assertThat(signed.send().statusCode()).as("the untouched request").isEqualTo(200);
  }

  private static String nextSecond(String amzDate) {
    java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC);
    return format.format(Instant.from(format.parse(amzDate)).plusSeconds(1));
  }

  SdkSignedHttp.Signed signedPut(Clock clock, boolean presigned) {
    String body = String.format(PUT_BODY, Instant.now().getEpochSecond() - 30);
    return SdkSignedHttp.sign(server.endpoint(), "/BatchPutMetrics", body, KEY_A, SECRET_A, null, clock, presigned);
  }
}
