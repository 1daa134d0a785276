package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-made malformed requests, one row each: every one gets the answer the AWS clients parse (an AWS-shaped 4xx,
 * or a 200 whose Errors name the bad items), never a 500 or a stack trace, and the server stays healthy and keeps
 * storing good requests afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Malformed requests")
class MalformedRequestsIT {
  static final long NOW_S = StepwiseTestServer.NOW.getEpochSecond();
  static final String ARN = "arn:aws:sagemaker:us-east-1:" + StepwiseTestServer.ACCOUNT
      + ":experiment-trial-component/tc";

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

  /** What a row expects: a status, and an error code or (for 200) a body. */
  record Expected(int status, String codeOrBody) {}

  static Expected error(int status, String code) {
    return new Expected(status, code);
  }

  static Expected ok(String body) {
    return new Expected(200, body);
  }

  static String point(String fields) {
    return "{\"MetricName\":\"m\",\"Timestamp\":" + NOW_S + ",\"Value\":1" + fields + "}";
  }

  static String put(String... items) {
    return "{\"TrialComponentName\":\"tc\",\"MetricData\":[" + String.join(",", items) + "]}";
  }

  static String query(String name, String arn, String stat) {
    return "{\"MetricName\":\"" + name + "\",\"ResourceArn\":\"" + arn + "\",\"MetricStat\":\"" + stat
        + "\",\"Period\":\"OneMinute\",\"XAxisType\":\"Timestamp\"}";
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Arguments putRow(String name, byte[] body, Expected expected) {
    return Arguments.of(name, "PUT", "/BatchPutMetrics", body, UnaryOperator.<HttpRequest.Builder>identity(), expected);
  }

  static Arguments getRow(String name, String body, Expected expected) {
    return Arguments.of(
        name, "POST", "/BatchGetMetrics", bytes(body), UnaryOperator.<HttpRequest.Builder>identity(), expected);
  }

  static Arguments headerRow(String name, UnaryOperator<HttpRequest.Builder> headers, Expected expected) {
    return Arguments.of(name, "PUT", "/BatchPutMetrics", bytes(put(point(""))), headers, expected);
  }

  static Stream<Arguments> rows() {
    byte[] invalidUtf8 = bytes(put(point("").replace("\"m\"", "\"m#\"")));
    for (int i = 0; i < invalidUtf8.length; i++) {
      if (invalidUtf8[i] == '#') {
        invalidUtf8[i] = (byte) 0xFF; // never a byte of UTF-8
      }
    }
    String elevenItems = put(Stream.generate(() -> point("")).limit(11).toArray(String[]::new));
    String hundredAndOneQueries = "{\"MetricQueries\":["
        + String.join(",", Stream.generate(() -> query("m", ARN, "Avg")).limit(101).toList()) + "]}";
    return Stream.of(
        putRow("truncated JSON", bytes(put(point("")).substring(0, 40)), error(400, "SerializationException")),
        putRow("a top-level array", bytes("[1,2]"), error(400, "SerializationException")),
        putRow("trailing garbage", bytes(put(point("")) + " xyz"), error(400, "SerializationException")),
        putRow("a wrong type (string Value)", bytes(put(point(",\"Value\":\"1\"").replace(",\"Value\":1,", ","))),
            error(400, "SerializationException")),
        putRow("deeply nested JSON in an unknown member",
            bytes("{\"X\":" + "[".repeat(5_000) + "]".repeat(5_000) + "," + put(point("")).substring(1)),
            error(400, "SerializationException")),
        putRow("a duplicated key", bytes(put(point("")).replace("{\"TrialComponentName\":\"tc\"",
            "{\"TrialComponentName\":\"tc\",\"TrialComponentName\":\"tc2\"")), error(400, "SerializationException")),
        putRow("a 2,000-digit number", bytes(put(point(",\"Step\":" + "9".repeat(2_000)))),
            error(400, "SerializationException")),
        putRow("Value 1e400 (not finite as a double)", bytes(put(point("").replace("\"Value\":1", "\"Value\":1e400"))),
            ok("{\"Errors\":[{\"Code\":\"VALIDATION_ERROR\",\"MetricIndex\":0}]}")),
        putRow("Timestamp 1e400", bytes(put(point("").replace("\"Timestamp\":" + NOW_S, "\"Timestamp\":1e400"))),
            error(400, "SerializationException")),
        putRow("Value -0", bytes(put(point("").replace("\"Value\":1", "\"Value\":-0"))), ok("{}")),
        putRow("invalid UTF-8", invalidUtf8, error(400, "SerializationException")),
        putRow("unknown members (ignored, as the SDKs' models do)",
            bytes(put(point(",\"Bar\":null")).replace("{\"TrialComponentName\"", "{\"Foo\":{\"a\":[1]},\"TrialComponentName\"")),
            ok("{}")),
        putRow("Step beyond the int range", bytes(put(point(",\"Step\":2147483648"))), error(400, "SerializationException")),
        putRow("a fractional Step", bytes(put(point(",\"Step\":1.5"))), error(400, "SerializationException")),
        putRow("metric names with a control character (stored, as by AWS), a line break and a NUL (refused)",
            bytes(put(point("").replace("\"m\"", "\"a\\u0001b\""), point("").replace("\"m\"", "\"a\\nb\""),
                point("").replace("\"m\"", "\"a\\u0000b\""))),
            ok("{\"Errors\":[{\"Code\":\"VALIDATION_ERROR\",\"MetricIndex\":1},{\"Code\":\"VALIDATION_ERROR\",\"MetricIndex\":2}]}")),
        putRow("a 256-character metric name", bytes(put(point("").replace("\"m\"", "\"" + "a".repeat(256) + "\""))),
            ok("{\"Errors\":[{\"Code\":\"VALIDATION_ERROR\",\"MetricIndex\":0}]}")),
        putRow("11 items", bytes(elevenItems), error(400, "ValidationException")),
        getRow("101 queries", hundredAndOneQueries, error(400, "ValidationException")),
        getRow("an ARN of another service", "{\"MetricQueries\":[" + query("m", "arn:aws:s3:::bucket", "Avg") + "]}",
            error(400, "ValidationException")),
        getRow("an ARN without an account", "{\"MetricQueries\":["
            + query("m", "arn:aws:sagemaker:us-east-1::experiment-trial-component/tc", "Avg") + "]}",
            error(400, "ValidationException")),
        getRow("an unknown statistic", "{\"MetricQueries\":[" + query("m", ARN, "Median") + "]}",
            error(400, "ValidationException")),
        getRow("a metric name with a line break", "{\"MetricQueries\":[" + query("a\\nb", ARN, "Avg") + "]}",
            error(400, "ValidationException")),
        headerRow("Content-Type text/plain", b -> b.setHeader("Content-Type", "text/plain"),
            error(400, "SerializationException")),
        headerRow("two Authorization headers", b -> b.header("Authorization", RawHttp.authorization(RawHttp.amzDate())),
            error(403, "IncompleteSignatureException")),
        headerRow("no Authorization header", b -> withoutHeader(b, "Authorization"),
            error(403, "MissingAuthenticationTokenException")),
        headerRow("no X-Amz-Date header", b -> withoutHeader(b, "X-Amz-Date"), error(403, "IncompleteSignatureException")));
  }

  /** HttpRequest.Builder cannot remove a header; rebuild the request without it. */
  private static HttpRequest.Builder withoutHeader(HttpRequest.Builder builder, String name) {
    HttpRequest built = builder.build();
    HttpRequest.Builder copy = HttpRequest.newBuilder(built.uri()).method(built.method(),
        built.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
    built.headers().map().forEach((header, values) -> {
      if (!header.equalsIgnoreCase(name)) {
        values.forEach(value -> copy.header(header, value));
      }
    });
    return copy;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  @DisplayName("each gets the answer the AWS clients parse")
  void answered(String name, String method, String path, byte[] body, UnaryOperator<HttpRequest.Builder> headers,
      Expected expected) {
    HttpResponse<String> response = RawHttp.send(headers.apply(RawHttp.signedLike(endpoint, method, path, body)).build());

    if (expected.status() == 200) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(expected.codeOrBody());
      ProtocolErrorsIT.assertRequestIdAndDate(response);
    } else {
      ProtocolErrorsIT.assertAwsError(response, expected.status(), expected.codeOrBody());
    }
  }

  /**
   * A client that sends all of a 10 MB body without waiting: the server answers 413 from Content-Length and closes,
   * so the client's write may fail half-way, as it would for any HTTP client; the answer is there to read.
   */
  @Test
  @DisplayName("a 10 MB body gets 413 before it is read whole")
  void tenMegabytes() throws IOException {
    byte[] body = new byte[10 * 1024 * 1024];
    Arrays.fill(body, (byte) ' ');
    String date = RawHttp.amzDate();
    String head = "PUT /BatchPutMetrics HTTP/1.1\r\nHost: 127.0.0.1:" + endpoint.getPort()
        + "\r\nContent-Type: application/json\r\nX-Amz-Date: " + date + "\r\nAuthorization: "
        + RawHttp.authorization(date) + "\r\nContent-Length: " + body.length + "\r\n\r\n";
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(body);
        out.flush();
      } catch (IOException expected) {
        // the server stopped reading: it has answered already
      }
      String response = new String(socket.getInputStream().readNBytes(4_096), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 413").contains("X-Amzn-Errortype: RequestEntityTooLargeException");
    }
  }

  @AfterEach
  void stillHealthyAndStoring() {
    assertThat(RawHttp.send(HttpRequest.newBuilder(endpoint.resolve("/health/ready")).build()).statusCode())
        .isEqualTo(200);
    HttpResponse<String> good = RawHttp.put(endpoint, put(point(",\"Step\":" + System.nanoTime() % 1_000_000)));
    assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
    assertThat(good.body()).isEqualTo("{}");
  }

}
