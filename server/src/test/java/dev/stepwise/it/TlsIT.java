package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.Main;
import dev.stepwise.config.ConfigLoader;
import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * HTTPS from a PEM certificate and key made by openssl, as an operator would, checked with real TLS clients: Java's
 * HttpClient and the AWS SDK for Java v2, each trusting only that certificate.
 */
@DisplayName("TLS")
class TlsIT {
  @TempDir Path dir;
  Path certificate;
  Path key;

  @BeforeEach
  void makeCertificate() throws Exception {
    certificate = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key.toString(), "-out", certificate.toString());
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private TrustManagerFactory trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry("stepwise", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    return factory;
  }

  private ServerConfig tlsConfig() {
    return ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data")).toBuilder()
        .tlsCertificate(certificate).tlsKey(key).build();
  }

  @Test
  @DisplayName("serves HTTPS only, to Java's HttpClient and to the AWS SDK, trusting that certificate")
  void https() throws Exception {
    TrustManagerFactory trust = trusting(certificate);
    try (Main.Running running = Main.start(tlsConfig(), Clock.systemUTC())) {
      int port = running.server().port();
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> ready = client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP on the TLS port").isInstanceOf(IOException.class);

      try (SageMakerMetricsClient sdk = SageMakerMetricsClient.builder()
          .endpointOverride(URI.create("https://127.0.0.1:" + port))
          .region(Region.of(StepwiseTestServer.REGION))
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(StepwiseTestServer.ACCOUNT, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))
          .httpClient(ApacheHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build())
          .build()) {
        Instant t0 = Instant.now().minusSeconds(60);
        sdk.batchPutMetrics(b -> b.trialComponentName("tls-run").metricData(
            RawMetricData.builder().metricName("loss").timestamp(t0).step(0).value(0.5).build(),
            RawMetricData.builder().metricName("loss").timestamp(t0.plusSeconds(1)).step(1).value(0.25).build()));
        List<Double> values = sdk.batchGetMetrics(b -> b.metricQueries(q -> q.metricName("loss")
                .resourceArn(StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, "tls-run"))
                .metricStat(MetricStatistic.AVG).period(Period.ITERATION_NUMBER)
                .xAxisType(XAxisType.ITERATION_NUMBER)))
            .metricQueryResults().getFirst().metricValues();
        assertThat(values).containsExactly(0.5, 0.25);
      }
    }
  }

  @Test
  @DisplayName("marks the dashboard's session cookie Secure when it serves HTTPS")
  void secureSessionCookie() throws Exception {
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "AKIATLSDASHBOARD0001 tls-secret 123456789012 - dashboard\n");
    TrustManagerFactory trust = trusting(certificate);
    try (Main.Running running = Main.start(tlsConfig().toBuilder().credentialsFile(credentials).build(), Clock.systemUTC())) {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> signedIn = client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + running.server().port() + "/ui/api/session"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"accessKeyId\":\"AKIATLSDASHBOARD0001\",\"secretAccessKey\":\"tls-secret\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
      assertThat(signedIn.headers().firstValue("Set-Cookie"))
          .hasValueSatisfying(cookie -> assertThat(cookie).contains("; Secure").contains("; HttpOnly"));
    }
  }

  @Test
  @DisplayName("names the mistake when the certificate and the key are given the wrong way round")
  void swappedFiles() {
    ServerConfig swapped = tlsConfig().toBuilder().tlsCertificate(key).tlsKey(certificate).build();
    assertThatThrownBy(() -> Main.start(swapped, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls-cert=" + key)
        .hasMessageContaining("holds a private key")
        .hasMessageContaining("swapped");
  }

  @Test
  @DisplayName("refuses at start-up, with one clear line, a certificate without key and a key that is not PKCS#8")
  void badSettings() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--tls-cert", certificate.toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls-cert and tls-key go together");
    Path traditional = dir.resolve("rsa.pem");
    openssl("genrsa", "-traditional", "-out", traditional.toString(), "2048");
    ServerConfig config = tlsConfig().toBuilder().tlsKey(traditional).build();
    assertThatThrownBy(() -> Main.start(config, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls-key=" + traditional)
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }
}
