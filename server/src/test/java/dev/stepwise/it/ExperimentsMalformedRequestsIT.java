package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Hand-made malformed SageMaker (JSON 1.1) requests that no SDK would send, one row each: every one gets the status
 * and the {@code {"__type", "message"}} body the AWS clients parse, in {@code application/x-amz-json-1.1}, with a
 * message that names the member at fault; and none changes anything (every listing and the baseline entities'
 * descriptions read the same, byte for byte, before and after).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@DisplayName("Malformed SageMaker Experiments requests")
class ExperimentsMalformedRequestsIT {
  static final String JSON_11 = "application/x-amz-json-1.1";
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final ObjectMapper JSON = new ObjectMapper();

  StepwiseTestServer server;
  URI endpoint;
  String baseline;

  @BeforeAll
  void start(@TempDir Path dir) {
    server = new StepwiseTestServer(
        ServerConfig.defaults().withPort(0).withDataDir(dir).withMaxBodyBytes(MAX_BODY_BYTES));
    endpoint = server.endpoint();
    ok("CreateExperiment", "{\"ExperimentName\":\"baseline\",\"Description\":\"as it was\","
        + "\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
    ok("CreateTrial", "{\"TrialName\":\"baseline-trial\",\"ExperimentName\":\"baseline\"}");
    ok("CreateTrialComponent", "{\"TrialComponentName\":\"baseline-tc\",\"Parameters\":{\"p\":{\"NumberValue\":1}}}");
    ok("AssociateTrialComponent", "{\"TrialName\":\"baseline-trial\",\"TrialComponentName\":\"baseline-tc\"}");
    baseline = state();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  void ok(String operation, String json) {
    HttpResponse<String> response = RawHttp.target(endpoint, operation, json);
    assertThat(response.statusCode()).as(operation + ": " + response.body()).isEqualTo(200);
  }

  /** Everything a malformed request could have changed, as the server answers it. */
  String state() {
    Map<String, String> reads = new LinkedHashMap<>();
    reads.put("ListExperiments", "{\"MaxResults\":100}");
    reads.put("ListTrials", "{\"MaxResults\":100}");
    reads.put("ListTrialComponents", "{\"MaxResults\":100}");
    reads.put("DescribeExperiment", "{\"ExperimentName\":\"baseline\"}");
    reads.put("DescribeTrial", "{\"TrialName\":\"baseline-trial\"}");
    reads.put("DescribeTrialComponent", "{\"TrialComponentName\":\"baseline-tc\"}");
    reads.put("Search", "{\"Resource\":\"ExperimentTrialComponent\",\"MaxResults\":100}");
    reads.put("ListTags", "{\"ResourceArn\":\"arn:aws:sagemaker:us-east-1:" + StepwiseTestServer.ACCOUNT
        + ":experiment/baseline\"}");
    StringBuilder state = new StringBuilder();
    reads.forEach((operation, json) -> {
      HttpResponse<String> response = RawHttp.target(endpoint, operation, json);
      assertThat(response.statusCode()).as(operation + ": " + response.body()).isEqualTo(200);
      state.append(operation).append(' ').append(response.body()).append('\n');
    });
    return state.toString();
  }

  @AfterEach
  void nothingChanged() {
    assertThat(state()).isEqualTo(baseline);
  }

  /** What a row expects: the status, the error code, and what the message must contain. */
  record Expected(int status, String code, List<String> messageParts) {}

  static Expected error(int status, String code, String... messageParts) {
    return new Expected(status, code, List.of(messageParts));
  }

  static Arguments row(String name, String operation, String body, Expected expected) {
    return row(name, operation, body.getBytes(StandardCharsets.UTF_8), UnaryOperator.identity(), expected);
  }

  static Arguments row(String name, String operation, byte[] body, UnaryOperator<HttpRequest.Builder> change,
      Expected expected) {
    return Arguments.of(name, operation, body, change, expected);
  }

  static String parameters(int count) {
    return IntStream.range(0, count).mapToObj(i -> "\"p" + i + "\":{\"NumberValue\":" + i + "}")
        .collect(Collectors.joining(",", "{", "}"));
  }

  static String tags(int count) {
    return IntStream.range(0, count).mapToObj(i -> "{\"Key\":\"t" + i + "\",\"Value\":\"v\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  static final String BASELINE_ARN = "arn:aws:sagemaker:us-east-1:" + StepwiseTestServer.ACCOUNT
      + ":experiment/baseline";

  static Stream<Arguments> rows() {
    byte[] invalidUtf8 = "{\"ExperimentName\":\"malformed-#\"}".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < invalidUtf8.length; i++) {
      if (invalidUtf8[i] == '#') {
        invalidUtf8[i] = (byte) 0xFF; // never a byte of UTF-8
      }
    }
    String create = "{\"ExperimentName\":\"malformed-ok\"}";
    return Stream.of(
        row("truncated JSON", "CreateExperiment", "{\"ExperimentName\":\"malformed-trunc",
            error(400, "SerializationException", "not valid JSON")),
        row("trailing garbage", "CreateExperiment", create + " xyz",
            error(400, "SerializationException", "not valid JSON")),
        row("a key given twice", "CreateExperiment", "{\"ExperimentName\":\"malformed-a\",\"ExperimentName\":\"b\"}",
            error(400, "SerializationException", "ExperimentName")),
        row("a top-level array", "CreateExperiment", "[" + create + "]",
            error(400, "SerializationException", "object")),
        row("invalid UTF-8", "CreateExperiment", invalidUtf8, UnaryOperator.identity(),
            error(400, "SerializationException")),
        row("ExperimentName a number", "CreateExperiment", "{\"ExperimentName\":42}",
            error(400, "SerializationException", "ExperimentName", "string")),
        row("Tags an object", "CreateExperiment",
            "{\"ExperimentName\":\"malformed-tags\",\"Tags\":{\"Key\":\"k\",\"Value\":\"v\"}}",
            error(400, "SerializationException", "Tags", "array")),
        row("a parameter that is a number, not a structure", "CreateTrialComponent",
            "{\"TrialComponentName\":\"malformed-pv\",\"Parameters\":{\"p\":5}}",
            error(400, "SerializationException", "Parameters")),
        row("StartTime a string", "CreateTrialComponent",
            "{\"TrialComponentName\":\"malformed-st\",\"StartTime\":\"yesterday\"}",
            error(400, "SerializationException", "StartTime")),
        row("MaxResults a fraction", "ListExperiments", "{\"MaxResults\":1.5}",
            error(400, "SerializationException", "MaxResults")),
        row("a Description of the baseline that is a number", "UpdateExperiment",
            "{\"ExperimentName\":\"baseline\",\"Description\":7}", error(400, "SerializationException", "Description")),
        row("an unknown target", "NoSuchThing", "{}", error(400, "UnknownOperationException", "SageMaker.NoSuchThing")),
        row("another service's target", "ignored", create.getBytes(StandardCharsets.UTF_8),
            b -> b.setHeader("X-Amz-Target", "SageMakerMetrics.CreateExperiment"),
            error(400, "UnknownOperationException", "SageMakerMetrics.CreateExperiment")),
        row("no X-Amz-Target on POST /", "ignored", create.getBytes(StandardCharsets.UTF_8),
            ExperimentsMalformedRequestsIT::withoutTarget, error(400, "UnknownOperationException", "X-Amz-Target")),
        row("a 121-character name", "CreateExperiment", "{\"ExperimentName\":\"" + "a".repeat(121) + "\"}",
            error(400, "ValidationException", "'experimentName'", "Member must have length less than or equal to 120")),
        row("a name with an underscore", "CreateExperiment", "{\"ExperimentName\":\"malformed_name\"}",
            error(400, "ValidationException", "'experimentName'", "regular expression pattern")),
        row("a required member missing", "CreateTrial", "{\"TrialName\":\"malformed-trial\"}",
            error(400, "ValidationException", "'experimentName'", "Member must not be null")),
        row("a required member null", "CreateExperiment", "{\"ExperimentName\":null}",
            error(400, "ValidationException", "'experimentName'", "Member must not be null")),
        row("301 parameters in CreateTrialComponent", "CreateTrialComponent",
            "{\"TrialComponentName\":\"malformed-tc\",\"Parameters\":" + parameters(301) + "}",
            error(400, "ValidationException", "'parameters'", "less than or equal to 300")),
        row("301 parameters in UpdateTrialComponent of the baseline", "UpdateTrialComponent",
            "{\"TrialComponentName\":\"baseline-tc\",\"Parameters\":" + parameters(301) + "}",
            error(400, "ValidationException", "'parameters'", "less than or equal to 300")),
        row("a parameter with both values", "UpdateTrialComponent",
            "{\"TrialComponentName\":\"baseline-tc\",\"Parameters\":{\"p\":{\"StringValue\":\"a\",\"NumberValue\":2}}}",
            error(400, "ValidationException", "'parameters.p.member'")),
        row("a NaN parameter", "UpdateTrialComponent",
            "{\"TrialComponentName\":\"baseline-tc\",\"Parameters\":{\"p\":{\"NumberValue\":\"NaN\"}}}",
            error(400, "ValidationException", "'parameters.p.member.numberValue'", "finite")),
        row("a parameter both set and removed", "UpdateTrialComponent",
            "{\"TrialComponentName\":\"baseline-tc\",\"Parameters\":{\"p\":{\"NumberValue\":2}},"
                + "\"ParametersToRemove\":[\"p\"]}",
            error(400, "ValidationException", "ParametersToRemove")),
        row("an unknown status", "UpdateTrialComponent",
            "{\"TrialComponentName\":\"baseline-tc\",\"Status\":{\"PrimaryStatus\":\"Done\"}}",
            error(400, "ValidationException", "'status.primaryStatus'", "enum value set")),
        row("MaxResults 101", "Search", "{\"Resource\":\"ExperimentTrialComponent\",\"MaxResults\":101}",
            error(400, "ValidationException", "'maxResults'", "less than or equal to 100")),
        row("an unknown SortOrder", "ListExperiments", "{\"SortOrder\":\"Sideways\"}",
            error(400, "ValidationException", "'sortOrder'", "enum value set")),
        row("a Search over a resource this service does not hold", "Search", "{\"Resource\":\"TrainingJob\"}",
            error(400, "ValidationException", "TrainingJob")),
        row("a Search filter on a property that does not exist", "Search",
            "{\"Resource\":\"ExperimentTrialComponent\",\"SearchExpression\":{\"Filters\":[{\"Name\":\"Colour\","
                + "\"Operator\":\"Equals\",\"Value\":\"red\"}]}}",
            error(400, "ValidationException", "Colour")),
        row("51 tags added to the baseline", "AddTags",
            "{\"ResourceArn\":\"" + BASELINE_ARN + "\",\"Tags\":" + tags(51) + "}",
            error(400, "ValidationException", "'tags'", "less than or equal to 50")),
        row("a reserved tag key", "AddTags",
            "{\"ResourceArn\":\"" + BASELINE_ARN + "\",\"Tags\":[{\"Key\":\"aws:x\",\"Value\":\"v\"}]}",
            error(400, "ValidationException", "aws:")),
        row("an ARN that is not SageMaker's", "DeleteTags",
            "{\"ResourceArn\":\"arn:aws:s3:::bucket\",\"TagKeys\":[\"k\"]}", error(400, "ValidationException")),
        row("Content-Type text/plain", "CreateExperiment", create.getBytes(StandardCharsets.UTF_8),
            b -> b.setHeader("Content-Type", "text/plain"), error(400, "SerializationException", "Content-Type")),
        row("no Authorization header", "CreateExperiment", create.getBytes(StandardCharsets.UTF_8),
            b -> without(b, "Authorization"), error(403, "MissingAuthenticationTokenException")));
  }

  static HttpRequest.Builder withoutTarget(HttpRequest.Builder builder) {
    return without(builder, "X-Amz-Target");
  }

  /** HttpRequest.Builder cannot remove a header; rebuild the request without it. */
  static HttpRequest.Builder without(HttpRequest.Builder builder, String name) {
    HttpRequest built = builder.build();
    HttpRequest.Builder copy = HttpRequest.newBuilder(built.uri()).timeout(built.timeout().orElseThrow())
        .method(built.method(), built.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
    built.headers().map().forEach((header, values) -> {
      if (!header.equalsIgnoreCase(name)) {
        values.forEach(value -> copy.header(header, value));
      }
    });
    return copy;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  @DisplayName("each gets the error the AWS clients parse, naming what is wrong, and changes nothing")
  void answered(String name, String operation, byte[] body, UnaryOperator<HttpRequest.Builder> change,
      Expected expected) {
    HttpResponse<String> response = RawHttp.send(change.apply(RawHttp.target(endpoint, operation, body)).build());

    assertJson11Error(response.statusCode(), response.headers().map(), response.body(), expected);
    ProtocolErrorsIT.assertRequestIdAndDate(response);
  }

  static void assertJson11Error(int status, Map<String, List<String>> headers, String body, Expected expected) {
    assertThat(status).as(body).isEqualTo(expected.status());
    assertThat(header(headers, "Content-Type")).as(body).isEqualTo(JSON_11);
    assertThat(header(headers, "X-Amzn-Errortype")).isEqualTo(expected.code());
    JsonNode error = JSON.readTree(body);
    assertThat(error.size()).as(body).isEqualTo(2);
    assertThat(error.get("__type").asString()).isEqualTo(expected.code());
    String message = error.get("message").asString();
    assertThat(message).isNotBlank().doesNotContain("Exception:", "\tat ", "java.", "jackson");
    for (String part : expected.messageParts()) {
      assertThat(message).contains(part);
    }
  }

  static String header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
  }

  /**
   * A body over {@code --max-body-bytes} that would otherwise be a good CreateExperiment (the name, then spaces):
   * 413 from the declared length, or while a chunked body is read; sent over a plain socket, since the server
   * answers and closes before it has read everything.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oversized")
  @DisplayName("a body over --max-body-bytes is 413 RequestEntityTooLargeException and creates nothing")
  void tooLarge(String framing, boolean chunked) throws IOException {
    byte[] json = ("{\"ExperimentName\":\"malformed-big\"" + " ".repeat(MAX_BODY_BYTES) + "}")
        .getBytes(StandardCharsets.UTF_8);
    String date = RawHttp.amzDate();
    String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + endpoint.getPort() + "\r\nContent-Type: " + JSON_11
        + "\r\nX-Amz-Target: SageMaker.CreateExperiment\r\nX-Amz-Date: " + date + "\r\nAuthorization: "
        + RawHttp.authorization(date) + "\r\n"
        + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(json.length) + "\r\n"
            : "Content-Length: " + json.length + "\r\n\r\n");
    byte[] tail = chunked ? "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[0];

    RawResponse response = exchange(head, json, tail);

    assertJson11Error(response.status(), response.headers(), response.body(),
        error(413, "RequestEntityTooLargeException", Integer.toString(MAX_BODY_BYTES)));
  }

  static Stream<Arguments> oversized() {
    return Stream.of(Arguments.of("with Content-Length", false), Arguments.of("chunked", true));
  }

  @Test
  @DisplayName("a body just within --max-body-bytes is served")
  void withinTheLimit() {
    String json = "{\"ExperimentName\":\"baseline\"}";
    String padded = json.substring(0, json.length() - 1) + " ".repeat(MAX_BODY_BYTES - json.length()) + "}";
    assertThat(padded.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_BODY_BYTES);

    HttpResponse<String> response = RawHttp.target(endpoint, "DescribeExperiment", padded);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"ExperimentName\":\"baseline\"");
  }

  record RawResponse(int status, Map<String, List<String>> headers, String body) {}

  /** Sends the request's bytes (a failed write means the server has answered and closed) and reads the answer. */
  RawResponse exchange(String head, byte[] body, byte[] tail) throws IOException {
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(body);
        out.write(tail);
        out.flush();
      } catch (IOException expected) {
        // the server stopped reading: it has answered already
      }
      return parse(socket.getInputStream());
    }
  }

  /** One HTTP/1.1 response (after any 100 Continue), its body by Content-Length or to the end of the stream. */
  static RawResponse parse(InputStream in) throws IOException {
    while (true) {
      String statusLine = line(in);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      if (status == 100) {
        continue;
      }
      String length = header(headers, "Content-Length");
      byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
      return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the answer ended within a line: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
