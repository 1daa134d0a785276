package dev.stepwise.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Requests signed by the AWS SDK's own SigV4 signer, then sent (and, for tamper tests, changed after signing) by a
 * plain HTTP client.
 */
final class SdkSignedHttp {
  private SdkSignedHttp() {}

  /** A signed request: method, URI with any presigned query, the headers to send, the body. */
  record Signed(SdkHttpMethod method, URI uri, Map<String, List<String>> headers, byte[] body) {
    HttpResponse<String> send() {
      return send(body, Map.of());
    }

    /** Sends with a different body and/or header values than were signed. */
    HttpResponse<String> send(byte[] actualBody, Map<String, String> changedHeaders) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .method(method.name(), HttpRequest.BodyPublishers.ofByteArray(actualBody));
      headers.forEach(
          (name, values) -> {
            // The HTTP client sets Host and Content-Length itself, from the same URI and body.
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
              values.forEach(v -> b.header(name, changedHeaders.getOrDefault(name.toLowerCase(), v)));
            }
          });
      return RawHttp.send(b.build());
    }
  }

  static Signed sign(
      URI endpoint, String path, String json, String accessKey, String secret, String sessionToken, Clock clock,
      boolean presigned) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    SdkHttpMethod method = path.equals("/BatchPutMetrics") ? SdkHttpMethod.PUT : SdkHttpMethod.POST;
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(method)
            .uri(endpoint.resolve(path))
            .putHeader("Content-Type", "application/json")
            .build();
    AwsCredentialsIdentity identity =
        sessionToken == null
            ? AwsCredentialsIdentity.create(accessKey, secret)
            : AwsSessionCredentialsIdentity.create(accessKey, secret, sessionToken);
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r -> {
                  r.identity(identity)
                      .request(request)
                      .payload(ContentStreamProvider.fromByteArray(body))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                      .putProperty(AwsV4HttpSigner.REGION_NAME, StepwiseTestServer.REGION)
                      .putProperty(HttpSigner.SIGNING_CLOCK, clock);
                  if (presigned) {
                    r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(15));
                  }
                });
    return new Signed(method, signed.request().getUri(), signed.request().headers(), body);
  }
}
