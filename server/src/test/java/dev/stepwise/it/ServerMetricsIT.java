package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /metrics} as Prometheus reads it: parsed by the official Prometheus Python client's parser (Debian's
 * python3-prometheus-client), the counters moving by exactly what the requests did; and the access log's line per
 * request, read from a server process's log.
 */
@DisplayName("The server's own metrics and access log")
class ServerMetricsIT {
  private static final String PYTHON = "/usr/bin/python3";
  private static final String PARSE = String.join("\n",
      "import json, math, sys",
      "from prometheus_client.parser import text_string_to_metric_families",
      "out = []",
      "for family in text_string_to_metric_families(sys.stdin.read()):",
      "    for s in family.samples:",
      "        out.append({'family': family.name, 'type': family.type, 'name': s.name, 'labels': s.labels,"
          + " 'value': s.value if math.isfinite(s.value) else None})",
      "print(json.dumps(out))");
  private static final long T0 = StepwiseTestServer.NOW.minusSeconds(3_600).toEpochMilli();

  @TempDir Path dir;

  /** One sample: a metric name, its labels and value, and its family's type as the parser saw it. */
  record Sample(String family, String type, String name, Map<String, String> labels, Double value) {}

  @Test
  @DisplayName("/metrics parses as Prometheus text and counts requests, points, duplicates and rejections")
  void metrics() throws Exception {
    try (StepwiseTestServer server = new StepwiseTestServer(dir);
        SageMakerMetricsClient client = server.client();
        SageMakerClient sageMaker = server.sageMaker()) {
      List<Sample> before = scrape(server.endpoint());
      sageMaker.createExperiment(r -> r.experimentName("metrics-exp"));
      assertThatThrownBy(() -> sageMaker.describeExperiment(r -> r.experimentName("no-such-exp")))
          .isInstanceOf(ResourceNotFoundException.class);
      List<RawMetricData> items = List.of(point(0), point(1), RawMetricData.builder().metricName("loss")
          .timestamp(StepwiseTestServer.NOW.plusSeconds(86_400)).step(2).value(1.0).build());
      client.batchPutMetrics(b -> b.trialComponentName("tc-metrics").metricData(items));
      client.batchPutMetrics(b -> b.trialComponentName("tc-metrics").metricData(items)); // a retry: 2 duplicates
      client.batchGetMetrics(b -> b.metricQueries(q -> q.metricName("loss")
          .resourceArn(StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, "tc-metrics"))
          .metricStat(MetricStatistic.COUNT).period(Period.ITERATION_NUMBER).xAxisType(XAxisType.ITERATION_NUMBER)));
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint().resolve("/no/such/thing")).build(),
          HttpResponse.BodyHandlers.discarding());

      List<Sample> after = scrape(server.endpoint());

      assertThat(delta(before, after, "stepwise_requests_seconds_count",
          Map.of("operation", "BatchPutMetrics", "status", "200"))).isEqualTo(2);
      assertThat(delta(before, after, "stepwise_requests_seconds_count",
          Map.of("operation", "BatchGetMetrics", "status", "200"))).isEqualTo(1);
      assertThat(delta(before, after, "stepwise_requests_seconds_count",
          Map.of("operation", "unknown", "status", "404"))).isEqualTo(1);
      assertThat(delta(before, after, "stepwise_requests_seconds_count",
          Map.of("operation", "CreateExperiment", "status", "200"))).isEqualTo(1);
      assertThat(delta(before, after, "stepwise_requests_seconds_count",
          Map.of("operation", "DescribeExperiment", "status", "400"))).isEqualTo(1);
      assertThat(delta(before, after, "stepwise_points_stored_total", Map.of())).isEqualTo(2);
      assertThat(delta(before, after, "stepwise_points_deduplicated_total", Map.of())).isEqualTo(2);
      assertThat(delta(before, after, "stepwise_items_rejected_total", Map.of("code", "VALIDATION_ERROR")))
          .isEqualTo(2);
      assertThat(delta(before, after, "stepwise_items_rejected_total", Map.of("code", "METRIC_LIMIT_EXCEEDED")))
          .isZero();
      assertThat(delta(before, after, "stepwise_group_commit_requests_total", Map.of())).isEqualTo(2);
      assertThat(delta(before, after, "stepwise_group_commits_total", Map.of())).isBetween(1.0, 2.0);
      assertThat(value(after, "stepwise_group_commit_seconds_total", Map.of())).isPositive();
      assertThat(value(after, "stepwise_store_errors_total", Map.of())).isZero();
      assertThat(value(after, "stepwise_write_queue_depth", Map.of())).isZero();
      assertThat(value(after, "stepwise_store_pool_max", Map.of())).isPositive();
      assertThat(value(after, "stepwise_store_pool_idle", Map.of()))
          .isEqualTo(value(after, "stepwise_store_pool_max", Map.of()));
      assertThat(value(after, "stepwise_requests_in_progress", Map.of())).as("the scrape itself").isEqualTo(1);
      assertThat(after)
          .anyMatch(s -> s.name().equals("stepwise_requests_seconds_bucket") && s.type().equals("histogram")
              && "0.005".equals(s.labels().get("le")))
          .anyMatch(s -> s.family().equals("stepwise_points_stored") && s.type().equals("counter"))
          .anyMatch(s -> s.name().equals("jvm_memory_used_bytes"))
          .anyMatch(s -> s.name().equals("jvm_gc_pause_seconds_count") || s.name().equals("jvm_threads_live_threads"))
          .anyMatch(s -> s.name().equals("process_uptime_seconds"));
    }
  }

  @Test
  @DisplayName("the access log has one line per request with its id, operation, account, status, latency, points"
      + " and the items rejected, counted by reason")
  void accessLog() throws Exception {
    Path log = dir.resolve("server.log");
    long future = System.currentTimeMillis() / 1000 + 86_400;
    HttpResponse<String> response = putThroughProcess(log, "data", List.of(), "{\"TrialComponentName\":\"tc-log\","
        + "\"MetricData\":[{\"MetricName\":\"loss\",\"Timestamp\":" + T0 / 1000 + ",\"Step\":1,\"Value\":1},"
        + "{\"MetricName\":\"loss\",\"Timestamp\":" + future + ",\"Step\":3,\"Value\":1},"
        + "{\"MetricName\":\"loss\",\"Timestamp\":" + T0 / 1000 + ",\"Step\":-4,\"Value\":1},"
        + "{\"MetricName\":\"loss\",\"Timestamp\":" + (future + 1) + ",\"Step\":5,\"Value\":1},"
        + "{\"MetricName\":\"loss\",\"Timestamp\":" + T0 / 1000 + ",\"Step\":2,\"Value\":2}]}");
    assertThat(response.body()).as("the caller learns only the code, as from AWS").contains("\"VALIDATION_ERROR\"")
        .doesNotContain("future");
    String id = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
    List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains("request=" + id)).toList();
    assertThat(lines).singleElement().satisfies(line -> assertThat(line)
        .contains(" access - request=")
        .contains("operation=BatchPutMetrics")
        .contains("account=" + StepwiseTestServer.ACCOUNT)
        .contains("status=200")
        .containsPattern("ms=[0-9]+\\.[0-9]{2} ")
        .endsWith("points=2 rejected=step_negative:1,timestamp_in_future:2"));
  }

  @Test
  @DisplayName("--log-format json writes every line as one JSON object, the access line included")
  void jsonLog() throws Exception {
    Path log = dir.resolve("json.log");
    HttpResponse<String> response = putThroughProcess(log, "json", List.of("--log-format", "json"), ONE_POINT);
    String id = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (!line.isBlank()) {
        lines.add(new ObjectMapper().readTree(line)); // throws on anything that is not JSON
      }
    }
    assertThat(lines).anyMatch(l -> l.path("formattedMessage").asText().contains("listening on"));
    assertThat(lines).filteredOn(l -> l.path("formattedMessage").asText().contains("request=" + id)).singleElement()
        .satisfies(l -> {
          assertThat(l.path("loggerName").asText()).isEqualTo("stepwise.access");
          assertThat(l.path("level").asText()).isEqualTo("INFO");
          assertThat(l.path("formattedMessage").asText()).contains("operation=BatchPutMetrics").endsWith("points=1");
          // and each field of the line as a JSON field of its own, numbers as numbers, for a collector to index
          assertThat(l.path("request").asText()).isEqualTo(id);
          assertThat(l.path("operation").asText()).isEqualTo("BatchPutMetrics");
          assertThat(l.path("account").asText()).isEqualTo(StepwiseTestServer.ACCOUNT);
          assertThat(l.path("status").isInt()).as(l.toString()).isTrue();
          assertThat(l.path("status").asInt()).isEqualTo(200);
          assertThat(l.path("ms").isNumber()).as(l.toString()).isTrue();
          assertThat(l.path("points").asInt()).isEqualTo(1);
        });
  }

  @Test
  @DisplayName("--access-log false turns the access log off")
  void accessLogOff() throws Exception {
    Path log = dir.resolve("quiet.log");
    putThroughProcess(log, "quiet", List.of("--access-log", "false"), ONE_POINT);
    assertThat(Files.readString(log)).doesNotContain(" access - ");
  }

  private static final String ONE_POINT = "{\"TrialComponentName\":\"tc-log\",\"MetricData\":["
      + "{\"MetricName\":\"loss\",\"Timestamp\":" + T0 / 1000 + ",\"Value\":1}]}";

  /** Starts a server process logging to {@code log} with the extra flags, sends one PUT (which must be 200), stops. */
  private HttpResponse<String> putThroughProcess(Path log, String dataDir, List<String> flags, String json)
      throws Exception {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of(
        "--port", String.valueOf(port), "--data-dir", dir.resolve(dataDir).toString()));
    args.addAll(flags);
    try (ServerProcess server = new ServerProcess(port, log, args)) {
      server.start();
      HttpResponse<String> response = RawHttp.put(server.endpoint(), json);
      assertThat(response.statusCode()).isEqualTo(200);
      return response;
    }
  }

  private static RawMetricData point(int step) {
    return RawMetricData.builder().metricName("loss").timestamp(Instant.ofEpochMilli(T0 + step * 1000L))
        .step(step).value((double) step).build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Scrapes the endpoint and parses the text with Prometheus' own parser (which fails on malformed text). */
  private static List<Sample> scrape(URI endpoint) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    Process python = new ProcessBuilder(PYTHON, "-c", PARSE).redirectErrorStream(true).start();
    python.getOutputStream().write(response.body().getBytes(StandardCharsets.UTF_8));
    python.getOutputStream().close();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as("the Prometheus parser: %s", out).isZero();
    List<Sample> samples = new ArrayList<>();
    for (JsonNode s : new ObjectMapper().readTree(out)) {
      samples.add(new ObjectMapper().convertValue(s, Sample.class));
    }
    return samples;
  }

  private static double value(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(s -> s.value() == null ? 0 : s.value())
        .sum();
  }

  private static double delta(List<Sample> before, List<Sample> after, String name, Map<String, String> labels) {
    return value(after, name, labels) - value(before, name, labels);
  }
}
