package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What the server answers to requests that no SDK would send, checked byte for byte over plain HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Protocol errors over plain HTTP")
class ProtocolErrorsIT {
  @TempDir static Path dataDir;
  StepwiseTestServer server;
  URI endpoint;

  @BeforeAll
  void start() {
    server = new StepwiseTestServer(dataDir);
    endpoint = server.endpoint();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static void assertAwsError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("X-Amzn-Errortype")).hasValue(code);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).startsWith("{\"__type\":\"" + code + "\",\"message\":\"");
    assertThat(response.body()).doesNotContain("Exception:", "\tat ", "java.");
    assertRequestIdAndDate(response);
  }

  static void assertRequestIdAndDate(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("x-amzn-RequestId"))
        .hasValueSatisfying(id -> assertThat(UUID.fromString(id).toString()).isEqualTo(id));
    assertThat(response.headers().firstValue("Date")).isPresent();
  }

  @Nested
  @DisplayName("successful answers")
  class Success {
    @Test
    @DisplayName("carry x-amzn-RequestId and Date, and a full success is {}")
    void requestIdAndDate() {
      HttpResponse<String> response =
          RawHttp.put(endpoint, "{\"TrialComponentName\": \"tc-raw\", \"MetricData\": [{\"MetricName\": \"m\", \"Timestamp\": 1767323045, \"Value\": 1}]}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{}");
      assertRequestIdAndDate(response);
    }

    @Test
    @DisplayName("bare NaN and Infinity tokens (old botocore) reject only their items")
    void bareNonFiniteTokens() {
      HttpResponse<String> response =
          RawHttp.put(
              endpoint,
              "{\"TrialComponentName\": \"tc-nan\", \"MetricData\": ["
                  + "{\"MetricName\": \"m\", \"Timestamp\": 1767323045, \"Value\": NaN}, "
                  + "{\"MetricName\": \"m\", \"Timestamp\": 1767323046, \"Value\": 2}, "
                  + "{\"MetricName\": \"m\", \"Timestamp\": 1767323047, \"Value\": -Infinity}]}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .isEqualTo(
              "{\"Errors\":[{\"Code\":\"VALIDATION_ERROR\",\"MetricIndex\":0},"
                  + "{\"Code\":\"VALIDATION_ERROR\",\"MetricIndex\":2}]}");
    }

    @Test
    @DisplayName("null values (JS SDK v2's NaN) reject only their items")
    void nullValue() {
      HttpResponse<String> response =
          RawHttp.put(
              endpoint,
              "{\"MetricData\":[{\"Value\":null,\"Timestamp\":1767323045.678,\"MetricName\":\"m\"},"
                  + "{\"MetricName\":\"m\",\"Timestamp\":1767323047,\"Value\":1}],\"TrialComponentName\":\"tc-null\"}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"Errors\":[{\"Code\":\"VALIDATION_ERROR\",\"MetricIndex\":0}]}");
    }

    @Test
    @DisplayName("health probes answer without authentication")
    void health() {
      for (String path : new String[] {"/health/live", "/health/ready"}) {
        HttpResponse<String> response = RawHttp.send(HttpRequest.newBuilder(endpoint.resolve(path)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
      }
    }

    @Test
    @DisplayName("application/x-amz-json-1.1 is accepted as well as application/json")
    void amzJsonContentType() {
      HttpResponse<String> response =
          RawHttp.send(
              RawHttp.signedLike(endpoint, "PUT", "/BatchPutMetrics",
                      "{\"TrialComponentName\":\"tc-ct\",\"MetricData\":[{\"MetricName\":\"m\",\"Timestamp\":1767323045,\"Value\":1}]}"
                          .getBytes(StandardCharsets.UTF_8))
                  .setHeader("Content-Type", "application/x-amz-json-1.1")
                  .build());

      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Nested
  @DisplayName("400 SerializationException")
  class Serialization {
    @Test
    @DisplayName("for truncated JSON")
    void truncated() {
      assertAwsError(RawHttp.put(endpoint, "{\"TrialComponentName\": \"tc\", \"MetricData\": [{"), 400, "SerializationException");
    }

    @Test
    @DisplayName("for a wrong JSON type")
    void wrongType() {
      assertAwsError(RawHttp.put(endpoint, "{\"TrialComponentName\": 5, \"MetricData\": []}"), 400, "SerializationException");
      assertAwsError(RawHttp.get(endpoint, "{\"MetricQueries\": {}}"), 400, "SerializationException");
    }

    @Test
    @DisplayName("for a body that is not JSON at all")
    void notJson() {
      assertAwsError(RawHttp.put(endpoint, "hello"), 400, "SerializationException");
      assertAwsError(RawHttp.put(endpoint, ""), 400, "SerializationException");
    }
  }

  @Nested
  @DisplayName("other protocol errors")
  class Others {
    @Test
    @DisplayName("an unknown route or method is 404 UnknownOperationException")
    void unknownRoute() {
      assertAwsError(
          RawHttp.send(RawHttp.signedLike(endpoint, "POST", "/GetMetrics", "{}".getBytes(StandardCharsets.UTF_8)).build()),
          404,
          "UnknownOperationException");
      assertAwsError(
          RawHttp.send(RawHttp.signedLike(endpoint, "GET", "/BatchPutMetrics", new byte[0]).build()),
          404,
          "UnknownOperationException");
    }

    @Test
    @DisplayName("a body over the limit is 413 RequestEntityTooLargeException")
    void tooLarge() {
      byte[] body = new byte[1024 * 1024 + 1];
      java.util.Arrays.fill(body, (byte) ' ');
      assertAwsError(
          RawHttp.send(RawHttp.signedLike(endpoint, "PUT", "/BatchPutMetrics", body).build()),
          413,
          "RequestEntityTooLargeException");
    }

    @Test
    @DisplayName("a chunked body without Content-Length is cut off at the limit with 413")
    void tooLargeChunked() {
      byte[] body = new byte[2 * 1024 * 1024];
      java.util.Arrays.fill(body, (byte) ' ');
      HttpResponse<String> response =
          RawHttp.send(
              RawHttp.signedLike(endpoint, "PUT", "/BatchPutMetrics", new byte[0])
                  .method("PUT", HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                  .build());

      assertAwsError(response, 413, "RequestEntityTooLargeException");
    }

    @Test
    @DisplayName("a request without Authorization is 403 MissingAuthenticationTokenException")
    void missingAuthorization() {
      HttpResponse<String> response =
          RawHttp.send(
              HttpRequest.newBuilder(endpoint.resolve("/BatchPutMetrics"))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                  .build());

      assertAwsError(response, 403, "MissingAuthenticationTokenException");
      assertThat(response.body()).contains("\"message\":\"Request is missing Authentication Token\"");
    }

    @Test
    @DisplayName("a malformed Authorization header is 403 IncompleteSignatureException saying what is missing")
    void malformedAuthorization() {
      String date = RawHttp.amzDate();
      HttpResponse<String> response =
          RawHttp.send(
              HttpRequest.newBuilder(endpoint.resolve("/BatchPutMetrics"))
                  .header("Content-Type", "application/json")
                  .header("X-Amz-Date", date)
                  .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + date.substring(0, 8)
                      + "/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date")
                  .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                  .build());

      assertAwsError(response, 403, "IncompleteSignatureException");
      assertThat(response.body()).contains("Signature");
    }

    @Test
    @DisplayName("a credential scoped to another service is 403 IncompleteSignatureException")
    void wrongService() {
      String date = RawHttp.amzDate();
      HttpResponse<String> response =
          RawHttp.send(
              HttpRequest.newBuilder(endpoint.resolve("/BatchPutMetrics"))
                  .header("X-Amz-Date", date)
                  .header("Authorization", RawHttp.authorization(date).replace("/sagemaker/", "/s3/"))
                  .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                  .build());

      assertAwsError(response, 403, "IncompleteSignatureException");
      assertThat(response.body()).contains("sagemaker");
    }
  }
}
