package dev.stepwise.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Hand-made requests, for what no SDK sends: malformed JSON, bare NaN tokens, missing or broken authorization.
 * The Authorization header is well formed but not signed; local mode does not verify signatures.
 */
final class RawHttp {
  static final String CLIENT_KEY = StepwiseTestServer.ACCOUNT;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private RawHttp() {}

  static String amzDate() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
  }

  static String authorization(String amzDate) {
    return "AWS4-HMAC-SHA256 Credential=" + CLIENT_KEY + "/" + amzDate.substring(0, 8)
        + "/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
        + "0".repeat(64);
  }

  /** A request as botocore would frame it, with an unverified but well-formed signature. */
  static HttpRequest.Builder signedLike(URI endpoint, String method, String path, byte[] body) {
    String date = amzDate();
    return HttpRequest.newBuilder(endpoint.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-Amz-Date", date)
        .header("Authorization", authorization(date))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A SageMaker (JSON 1.1) request as botocore frames it: {@code POST /} with its {@code X-Amz-Target}. */
  static HttpRequest.Builder target(URI endpoint, String operation, byte[] body) {
    return signedLike(endpoint, "POST", "/", body)
        .setHeader("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", "SageMaker." + operation);
  }

  static HttpResponse<String> target(URI endpoint, String operation, String json) {
    return send(target(endpoint, operation, json.getBytes(StandardCharsets.UTF_8)).build());
  }

  static HttpResponse<String> put(URI endpoint, String json) {
    return send(signedLike(endpoint, "PUT", "/BatchPutMetrics", json.getBytes(StandardCharsets.UTF_8)).build());
  }

  static HttpResponse<String> get(URI endpoint, String json) {
    return send(signedLike(endpoint, "POST", "/BatchGetMetrics", json.getBytes(StandardCharsets.UTF_8)).build());
  }
}
