package dev.stepwise.it;

import dev.stepwise.Main;
import dev.stepwise.config.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;

/**
 * The real server (SQLite store, HTTP on a free loopback port) and real AWS SDK for Java v2 clients pointed at it.
 * Time on the server is fixed at {@link #NOW} so that timestamp windows are deterministic.
 */
final class StepwiseTestServer implements AutoCloseable {
  /** 2026-01-03T03:00:00Z: one day after the data the tests write. */
  static final Instant NOW = Instant.parse("2026-01-03T03:00:00Z");

  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";

  private final ServerConfig config;
  private final Clock clock;
  private Main.Running running;

  StepwiseTestServer(Path dataDir) {
    this(ServerConfig.defaults().withPort(0).withDataDir(dataDir));
  }

  StepwiseTestServer(ServerConfig config) {
    this(config, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  StepwiseTestServer(ServerConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.running = Main.start(config, clock);
  }

  int port() {
    return running.server().port();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Stops the server and starts a new one on the same data directory (and a new port). */
  void restart() {
    running.close();
    running = Main.start(config.withPort(0), clock);
  }

  /** A client whose access key is {@link #ACCOUNT}: in local mode that is the caller's account. */
  SageMakerMetricsClient client() {
    return client(ACCOUNT);
  }

  /** A client that does not retry, so that each call is exactly one request. */
  SageMakerMetricsClient client(String accessKeyId) {
    return client(AwsBasicCredentials.create(accessKeyId, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), 1);
  }

  /** A client with the given credentials that makes at most {@code maxAttempts} attempts per call. */
  SageMakerMetricsClient client(AwsCredentials credentials, int maxAttempts) {
    return client(endpoint(), credentials, maxAttempts);
  }

  /** A client of the server at {@code endpoint} (one not started through this class). */
  static SageMakerMetricsClient client(URI endpoint, AwsCredentials credentials, int maxAttempts) {
    return SageMakerMetricsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(maxAttempts)))
        .build();
  }

  /** A SageMaker (control plane) client whose access key is {@link #ACCOUNT}, one request per call. */
  SageMakerClient sageMaker() {
    return sageMaker(ACCOUNT);
  }

  /** A SageMaker client that does not retry; in local mode a 12-digit access key is the caller's account. */
  SageMakerClient sageMaker(String accessKeyId) {
    return sageMaker(AwsBasicCredentials.create(accessKeyId, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), 1);
  }

  /** A SageMaker client with the given credentials that makes at most {@code maxAttempts} attempts per call. */
  SageMakerClient sageMaker(AwsCredentials credentials, int maxAttempts) {
    return SageMakerClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(maxAttempts)))
        .build();
  }

  static String trialComponentArn(String account, String name) {
    return "arn:aws:sagemaker:" + REGION + ":" + account + ":experiment-trial-component/" + name;
  }

  @Override
  public void close() {
    running.close();
  }
}
