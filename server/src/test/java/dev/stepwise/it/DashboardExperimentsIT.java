package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrialComponentResponse;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentArtifact;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentMetricSummary;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentParameterValue;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentPrimaryStatus;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The experiments pages' calls (docs/ui-api.md, "Experiments and runs") against the real server and SQLite file,
 * fed through the AWS SDK's SageMaker and SageMaker Metrics clients as the SageMaker SDK feeds them.
 *
 * <p>The sweep: experiment Mnist with trials adam-runs and sgd-runs, twelve runs run-00 to run-11 (run i: lr 0.1,
 * 0.01 or 0.001 by i mod 3, optimizer adam for even i and sgd for odd, batch_size 32 below 6 and 64 from 6; a loss
 * of {@code (i + 1) / (step + 1)} at steps 0 to 9 + i, one point a second from its own start), run-00 in both
 * trials; an experiment with no runs; and two runs in no trial, one created, one made by BatchPutMetrics.
 */
@DisplayName("Dashboard API: experiments and runs")
class DashboardExperimentsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
  static final int RUNS = 12;

  @TempDir Path dir;
  StepwiseTestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String run(int i) {
    return String.format("run-%02d", i);
  }

  static double lr(int i) {
    return List.of(0.1, 0.01, 0.001).get(i % 3);
  }

  static int steps(int i) {
    return 10 + i;
  }

  static double loss(int i, int step) {
    return (i + 1) / (step + 1.0);
  }

  static TrialComponentParameterValue number(double value) {
    return TrialComponentParameterValue.builder().numberValue(value).build();
  }

  static TrialComponentParameterValue text(String value) {
    return TrialComponentParameterValue.builder().stringValue(value).build();
  }

  /** The sweep, as the SageMaker SDK would write it. */
  static void sweep(SageMakerClient sageMaker, SageMakerMetricsClient metrics) {
    sageMaker.createExperiment(b -> b.experimentName("Mnist").description("digits"));
    sageMaker.createTrial(b -> b.trialName("adam-runs").experimentName("mnist"));
    sageMaker.createTrial(b -> b.trialName("sgd-runs").experimentName("mnist"));
    for (int i = 0; i < RUNS; i++) {
      int n = i;
      Map<String, TrialComponentParameterValue> parameters = new LinkedHashMap<>();
      parameters.put("lr", number(lr(i)));
      parameters.put("optimizer", text(i % 2 == 0 ? "adam" : "sgd"));
      parameters.put("batch_size", number(i < 6 ? 32 : 64));
      sageMaker.createTrialComponent(b -> b.trialComponentName(run(n)).parameters(parameters)
          .status(s -> s.primaryStatus(TrialComponentPrimaryStatus.COMPLETED))
          .startTime(T0.plusSeconds(n)).endTime(T0.plusSeconds(n + 60)));
      sageMaker.associateTrialComponent(b -> b.trialComponentName(run(n)).trialName(n % 2 == 0 ? "adam-runs"
          : "sgd-runs"));
      List<RawMetricData> points = new ArrayList<>();
      for (int step = 0; step < steps(i); step++) {
        points.add(RawMetricData.builder().metricName("loss").timestamp(T0.plusSeconds(1_000L * i + step))
            .step(step).value(loss(i, step)).build());
        if (points.size() == 10 || step == steps(i) - 1) {
          List<RawMetricData> batch = List.copyOf(points);
          assertThat(metrics.batchPutMetrics(b -> b.trialComponentName(run(n)).metricData(batch)).hasErrors())
              .isFalse();
          points.clear();
        }
      }
    }
    sageMaker.associateTrialComponent(b -> b.trialComponentName(run(0)).trialName("sgd-runs"));
    sageMaker.createExperiment(b -> b.experimentName("empty"));
    sageMaker.createTrialComponent(b -> b.trialComponentName("loose-run")
        .parameters(Map.of("lr", number(0.5))));
    metrics.batchPutMetrics(b -> b.trialComponentName("implicit-run").metricData(RawMetricData.builder()
        .metricName("acc").timestamp(T0.plusSeconds(50_000)).step(0).value(0.75).build()));
  }

  HttpResponse<String> get(String pathAndQuery) {
    return get(pathAndQuery, null);
  }

  HttpResponse<String> get(String pathAndQuery, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(pathAndQuery));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return RawHttp.send(request.build());
  }

  HttpResponse<String> post(String path, String json) {
    return post(path, json, null);
  }

  HttpResponse<String> post(String path, String json, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return RawHttp.send(request.build());
  }

  static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  static String message(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body()).get("message").asString();
  }

  static String partition(String account) {
    return "\"account\": \"" + account + "\", \"region\": \"" + REGION + "\"";
  }

  static final String MNIST = partition(ACCOUNT) + ", \"experiment\": \"MNIST\"";

  static List<String> names(JsonNode window) {
    List<String> names = new ArrayList<>();
    window.get("runs").forEach(run -> names.add(run.get("name").asString()));
    return names;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Nested
  @DisplayName("in local mode")
  class Local {
    SteppingClock clock = new SteppingClock();
    SageMakerClient sageMaker;
    SageMakerMetricsClient metrics;

    void start() {
      server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), clock);
      sageMaker = server.sageMaker();
      metrics = server.client();
      sweep(sageMaker, metrics);
    }

    @AfterEach
    void closeClients() {
      sageMaker.close();
      metrics.close();
    }

    @Test
    @DisplayName("lists the experiments with their run counts and last activity, and the runs in no trial")
    void experiments() {
      start();
      JsonNode answer = ok(get("/ui/api/experiments?account=" + ACCOUNT + "&region=" + REGION));

      // Most recent activity first: empty was created after every run of Mnist changed.
      JsonNode experiments = answer.get("experiments");
      assertThat(experiments).extracting(e -> e.get("name").asString()).containsExactly("empty", "Mnist");
      JsonNode mnist = experiments.get(1);
      var described = sageMaker.describeExperiment(b -> b.experimentName("mnist"));
      // The latest of the runs' changes (the last association touched no run: run-11's creation) and points.
      long lastRunChange = sageMaker.describeTrialComponent(b -> b.trialComponentName(run(RUNS - 1)))
          .lastModifiedTime().toEpochMilli();
      long lastPoint = T0.plusSeconds(1_000L * (RUNS - 1) + steps(RUNS - 1) - 1).toEpochMilli();
      assertThat(lastRunChange).isGreaterThan(lastPoint).isGreaterThan(described.lastModifiedTime().toEpochMilli());
      assertThat(mnist).isEqualTo(JSON.readTree("{\"name\": \"Mnist\", \"displayName\": \"Mnist\", \"description\":"
          + " \"digits\", \"creationTime\": " + described.creationTime().toEpochMilli() + ", \"lastModifiedTime\": "
          + described.lastModifiedTime().toEpochMilli() + ", \"runCount\": 12, \"lastActivity\": " + lastRunChange
          + "}"));
      JsonNode empty = experiments.get(0);
      var emptyDescribed = sageMaker.describeExperiment(b -> b.experimentName("empty"));
      assertThat(empty).isEqualTo(JSON.readTree("{\"name\": \"empty\", \"displayName\": \"empty\", \"description\":"
          + " null, \"creationTime\": " + emptyDescribed.creationTime().toEpochMilli() + ", \"lastModifiedTime\": "
          + emptyDescribed.lastModifiedTime().toEpochMilli() + ", \"runCount\": 0, \"lastActivity\": "
          + emptyDescribed.lastModifiedTime().toEpochMilli() + "}"));
      long looseCreated = sageMaker.describeTrialComponent(b -> b.trialComponentName("loose-run"))
          .lastModifiedTime().toEpochMilli();
      long implicitCreated = sageMaker.describeTrialComponent(b -> b.trialComponentName("implicit-run"))
          .lastModifiedTime().toEpochMilli();
      assertThat(answer.get("unassigned")).isEqualTo(JSON.readTree("{\"runCount\": 2, \"lastActivity\": "
          + Math.max(implicitCreated, Math.max(looseCreated, T0.plusSeconds(50_000).toEpochMilli())) + "}"));

      // A point of a run later than every change moves its experiment's activity to it, and the experiment first.
      Instant later = StepwiseTestServer.NOW.plusSeconds(60);
      metrics.batchPutMetrics(b -> b.trialComponentName(run(3)).metricData(RawMetricData.builder()
          .metricName("late").timestamp(later).value(1.0).build()));
      JsonNode first = ok(get("/ui/api/experiments?account=" + ACCOUNT + "&region=" + REGION)).get("experiments")
          .get(0);
      assertThat(first.get("name").asString()).isEqualTo("Mnist");
      assertThat(first.get("lastActivity").asLong()).isEqualTo(later.toEpochMilli());
    }

    @Test
    @DisplayName("answers a window of runs with everything the table shows, as DescribeTrialComponent has it")
    void runShape() {
      start();
      JsonNode window = ok(post("/ui/api/runs", "{" + MNIST + ", \"sortBy\": \"TrialComponentName\","
          + " \"sortOrder\": \"Ascending\", \"offset\": 0, \"limit\": 3}"));
      assertThat(window.get("total").asLong()).isEqualTo(RUNS);
      assertThat(window.get("offset").asInt()).isZero();
      assertThat(window.get("snapshot").asString()).isNotBlank();
      assertThat(names(window)).containsExactly(run(0), run(1), run(2));

      DescribeTrialComponentResponse d = sageMaker.describeTrialComponent(b -> b.trialComponentName(run(0)));
      TrialComponentMetricSummary loss = d.metrics().getFirst();
      assertThat(loss.count()).isEqualTo(10);
      JsonNode expected = JSON.readTree("{\"name\": \"run-00\", \"displayName\": \"run-00\", \"status\": \"Completed\","
          + " \"statusMessage\": null, \"startTime\": " + T0.toEpochMilli() + ", \"endTime\": "
          + T0.plusSeconds(60).toEpochMilli() + ", \"creationTime\": " + d.creationTime().toEpochMilli()
          + ", \"lastModifiedTime\": " + d.lastModifiedTime().toEpochMilli() + ", \"parameters\": {\"lr\": 0.1,"
          + " \"optimizer\": \"adam\", \"batch_size\": 32.0}, \"metrics\": {\"loss\": {\"min\": " + loss.min()
          + ", \"max\": " + loss.max() + ", \"last\": " + loss.last() + ", \"avg\": " + loss.avg() + ", \"count\": 10,"
          + " \"stdDev\": " + loss.stdDev() + ", \"timestamp\": " + loss.timeStamp().toEpochMilli() + "}},"
          + " \"parents\": [{\"trialName\": \"adam-runs\", \"experimentName\": \"Mnist\"}, {\"trialName\":"
          + " \"sgd-runs\", \"experimentName\": \"Mnist\"}]}");
      assertThat(window.get("runs").get(0)).isEqualTo(expected);
      assertThat(loss.min()).isEqualTo(loss(0, 9));
      assertThat(loss.last()).isEqualTo(loss(0, 9));

      // One run, with its artifacts, tags and source besides.
      sageMaker.updateTrialComponent(b -> b.trialComponentName(run(1)).inputArtifacts(Map.of("train",
          TrialComponentArtifact.builder().value("s3://bucket/train.csv").mediaType("text/csv").build())));
      sageMaker.addTags(b -> b.resourceArn(d.trialComponentArn().replace("run-00", "run-01"))
          .tags(software.amazon.awssdk.services.sagemaker.model.Tag.builder().key("team").value("vision").build()));
      JsonNode one = ok(get("/ui/api/run?account=" + ACCOUNT + "&region=" + REGION + "&name=RUN-01"));
      assertThat(one.get("name").asString()).isEqualTo("run-01");
      assertThat(one.get("parameters").get("optimizer").asString()).isEqualTo("sgd");
      assertThat(one.get("parents")).hasSize(1);
      assertThat(one.get("inputArtifacts")).isEqualTo(JSON.readTree(
          "{\"train\": {\"value\": \"s3://bucket/train.csv\", \"mediaType\": \"text/csv\"}}"));
      assertThat(one.get("outputArtifacts")).isEqualTo(JSON.readTree("{}"));
      assertThat(one.get("tags")).isEqualTo(JSON.readTree("[{\"key\": \"team\", \"value\": \"vision\"}]"));
      assertThat(one.get("source").isNull()).isTrue();
      assertThat(message(get("/ui/api/run?account=" + ACCOUNT + "&region=" + REGION + "&name=nobody"), 404))
          .isEqualTo("No run (trial component) is named 'nobody'.");
    }

    @Test
    @DisplayName("reads windows that return each run once while the runs change order, and says when the order"
        + " expired")
    void stableWindows() {
      start();
      String byChange = "{" + MNIST + ", \"sortBy\": \"LastModifiedTime\", \"sortOrder\": \"Descending\", \"limit\": 5";
      JsonNode first = ok(post("/ui/api/runs", byChange + "}"));
      String snapshot = first.get("snapshot").asString();
      List<String> seen = new ArrayList<>(names(first));
      assertThat(seen).containsExactly(run(11), run(10), run(9), run(8), run(7));
      // Touch every run, the newest first: the order by LastModifiedTime turns upside down.
      for (int i = RUNS - 1; i >= 0; i--) {
        int n = i;
        sageMaker.updateTrialComponent(b -> b.trialComponentName(run(n)).displayName("touched-" + n));
      }
      for (int offset = 5; offset < RUNS; offset += 5) {
        JsonNode next = ok(post("/ui/api/runs", byChange + ", \"offset\": " + offset + ", \"snapshot\": \""
            + snapshot + "\"}"));
        assertThat(next.get("total").asLong()).isEqualTo(RUNS);
        assertThat(next.get("offset").asInt()).isEqualTo(offset);
        assertThat(next.get("snapshot").asString()).isEqualTo(snapshot);
        seen.addAll(names(next));
        next.get("runs").forEach(run -> assertThat(run.get("displayName").asString()).startsWith("touched-"));
      }
      assertThat(seen).hasSize(RUNS).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).hasSize(RUNS);
      // Asked again, the order is the new one.
      assertThat(names(ok(post("/ui/api/runs", byChange + "}")))).startsWith(run(0), run(1));

      assertThat(message(post("/ui/api/runs", "{" + MNIST + ", \"snapshot\": \"" + snapshot + "\"}"), 400))
          .isEqualTo("The snapshot is not one of this search (account, region, runs, expression and order): ask"
              + " again without a snapshot.");
      clock.advance(Duration.ofMinutes(31));
      assertThat(message(post("/ui/api/runs", byChange + ", \"offset\": 5, \"snapshot\": \"" + snapshot + "\"}"),
          400)).isEqualTo("The snapshot has expired (a search's order is kept for 30 minutes): ask again without a"
              + " snapshot.");
    }

    @Test
    @DisplayName("filters and sorts with Search's expressions, and answers a bad one with Search's message")
    void filters() {
      start();
      String filter = "{" + MNIST + ", \"expression\": {\"Filters\": [{\"Name\": \"Parameters.lr\", \"Operator\":"
          + " \"GreaterThanOrEqualTo\", \"Value\": \"0.01\"}, {\"Name\": \"Parameters.optimizer\", \"Value\":"
          + " \"adam\"}, {\"Name\": \"Metrics.loss.Min\", \"Operator\": \"LessThan\", \"Value\": \"0.7\"}]},"
          + " \"sortBy\": \"Metrics.loss.Min\", \"sortOrder\": \"Ascending\"}";
      // adam: even i; lr >= 0.01: i mod 3 != 2; loss.min (i + 1) / (10 + i) < 0.7: every i here.
      JsonNode window = ok(post("/ui/api/runs", filter));
      assertThat(names(window)).containsExactly(run(0), run(4), run(6), run(10));
      assertThat(window.get("total").asLong()).isEqualTo(4);

      String badOperator = "{" + MNIST + ", \"expression\": {\"Filters\": [{\"Name\": \"Parameters.lr\","
          + " \"Operator\": \"Bigger\", \"Value\": \"1\"}]}}";
      assertThat(message(post("/ui/api/runs", badOperator), 400)).isEqualTo("1 validation error detected: Value"
          + " 'Bigger' at 'searchExpression.filters.1.member.operator' failed to satisfy constraint: Member must"
          + " satisfy enum value set: [Equals, NotEquals, GreaterThan, GreaterThanOrEqualTo, LessThan,"
          + " LessThanOrEqualTo, Contains, Exists, NotExists, In]");
      String badProperty = "{" + MNIST + ", \"expression\": {\"Filters\": [{\"Name\": \"Parameter.lr\", \"Value\":"
          + " \"1\"}]}}";
      assertThat(message(post("/ui/api/runs", badProperty), 400))
          .startsWith("'Parameter.lr' is not a searchable property of ExperimentTrialComponent. Searchable"
              + " properties: TrialComponentName,");
      assertThat(message(post("/ui/api/runs", "{" + MNIST + ", \"sortBy\": \"Metrics.loss.Median\"}"), 400))
          .startsWith("'Metrics.loss.Median' is not a searchable property");
      assertThat(message(post("/ui/api/runs", "{" + MNIST + ", \"limit\": 1001}"), 400))
          .isEqualTo("limit must be between 1 and 1000, not 1001");
      assertThat(message(post("/ui/api/runs", "{" + partition(ACCOUNT) + "}"), 400))
          .isEqualTo("name an experiment, or ask for the runs in no trial with \"unassigned\": true (one of the two)");
      assertThat(message(post("/ui/api/runs", "{" + partition(ACCOUNT) + ", \"experiment\": \"nope\"}"), 404))
          .isEqualTo("Experiment 'nope' does not exist.");
      assertThat(message(post("/ui/api/runs", "{\"account\": 1"), 400)).startsWith("the body is not valid JSON");
    }

    @Test
    @DisplayName("takes the runs in no trial, and names the parameters and metrics of a set of runs")
    void unassignedAndNames() {
      start();
      JsonNode loose = ok(post("/ui/api/runs", "{" + partition(ACCOUNT) + ", \"unassigned\": true, \"sortBy\":"
          + " \"TrialComponentName\", \"sortOrder\": \"Ascending\"}"));
      assertThat(names(loose)).containsExactly("implicit-run", "loose-run");
      assertThat(loose.get("runs").get(0).get("metrics").get("acc").get("last").asDouble()).isEqualTo(0.75);
      assertThat(loose.get("runs").get(0).get("parents")).isEmpty();

      assertThat(ok(get("/ui/api/runs/names?account=" + ACCOUNT + "&region=" + REGION + "&experiment=mnist")))
          .isEqualTo(JSON.readTree("{\"parameters\": [\"batch_size\", \"lr\", \"optimizer\"], \"metrics\":"
              + " [\"loss\"]}"));
      assertThat(ok(get("/ui/api/runs/names?account=" + ACCOUNT + "&region=" + REGION + "&unassigned=true")))
          .isEqualTo(JSON.readTree("{\"parameters\": [\"lr\"], \"metrics\": [\"acc\"]}"));
    }

    @Test
    @DisplayName("answers columns of every matching run in the order asked, null where a run has none")
    void columns() {
      start();
      JsonNode columns = ok(post("/ui/api/runs/columns", "{" + MNIST + ", \"expression\": {\"Filters\": [{\"Name\":"
          + " \"Parameters.batch_size\", \"Value\": \"64\"}]}, \"sortBy\": \"Parameters.lr\", \"sortOrder\":"
          + " \"Ascending\", \"columns\": [\"parameter:lr\", \"metric:loss.min\", \"metric:loss.count\","
          + " \"parameter:nothing\", \"duration\", \"status\", \"startTime\"]}"));
      // batch_size 64: runs 6 to 11; by lr ascending (0.001: 8, 11; 0.01: 7, 10; 0.1: 6, 9), ties by name.
      List<Integer> order = List.of(8, 11, 7, 10, 6, 9);
      assertThat(columns.get("names")).isEqualTo(JSON.valueToTree(order.stream().map(i -> run(i)).toList()));
      JsonNode values = columns.get("columns");
      assertThat(values.propertyNames()).containsExactly("parameter:lr", "metric:loss.min", "metric:loss.count",
          "parameter:nothing", "duration", "status", "startTime");
      for (int k = 0; k < order.size(); k++) {
        int i = order.get(k);
        assertThat(values.get("parameter:lr").get(k).asDouble()).isEqualTo(lr(i));
        assertThat(values.get("metric:loss.min").get(k).asDouble()).isEqualTo(loss(i, steps(i) - 1));
        assertThat(values.get("metric:loss.count").get(k).asLong()).isEqualTo(steps(i));
        assertThat(values.get("parameter:nothing").get(k).isNull()).isTrue();
        assertThat(values.get("duration").get(k).asLong()).isEqualTo(60_000);
        assertThat(values.get("status").get(k).asString()).isEqualTo("Completed");
        assertThat(values.get("startTime").get(k).asLong()).isEqualTo(T0.plusSeconds(i).toEpochMilli());
      }
      assertThat(message(post("/ui/api/runs/columns", "{" + MNIST + ", \"columns\": [\"loss\"]}"), 400))
          .startsWith("the column 'loss' is none of parameter:<name>, metric:<name>.<min|max|last|avg|count|stdDev>");
    }

    @Test
    @DisplayName("groups runs into one curve per group: mean, min, max, stdDev and the runs that reach each step")
    void groups() {
      start();
      JsonNode answer = ok(post("/ui/api/groups", "{" + MNIST + ", \"expression\": null, \"groupBy\":"
          + " [\"optimizer\"], \"metric\": \"loss\", \"axis\": \"step\", \"buckets\": 800, \"from\": null,"
          + " \"to\": null}"));
      assertThat(answer.get("metric").asString()).isEqualTo("loss");
      assertThat(answer.get("axis").asString()).isEqualTo("step");
      assertThat(answer.get("from").asLong()).isZero();
      assertThat(answer.get("to").asLong()).isEqualTo(steps(RUNS - 1)); // the longest run's last step + 1
      assertThat(answer.get("bucketWidth").asLong()).isEqualTo(1);
      JsonNode groups = answer.get("groups");
      assertThat(groups).hasSize(2);
      for (int g = 0; g < 2; g++) {
        JsonNode group = groups.get(g);
        int parity = g;
        assertThat(group.get("key")).isEqualTo(JSON.readTree("{\"optimizer\": \"" + (g == 0 ? "adam" : "sgd")
            + "\"}"));
        assertThat(group.get("runCount").asInt()).isEqualTo(6);
        List<String> members = new ArrayList<>();
        for (int i = parity; i < RUNS; i += 2) {
          members.add(run(i));
        }
        assertThat(group.get("runNames")).isEqualTo(JSON.valueToTree(members));
        assertThat(group.get("x")).hasSize(steps(RUNS - 2 + parity));
        // At step 15 only the runs with more than 15 steps count: i >= 6.
        for (int step : List.of(0, 9, 15, steps(RUNS - 2 + parity) - 1)) {
          List<Double> values = new ArrayList<>();
          for (int i = parity; i < RUNS; i += 2) {
            if (step < steps(i)) {
              values.add(loss(i, step));
            }
          }
          double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
          double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
          int at = indexOf(group.get("x"), step);
          assertThat(group.get("runs").get(at).asInt()).as("runs at step %d", step).isEqualTo(values.size());
          assertThat(group.get("mean").get(at).asDouble()).isCloseTo(mean, within(1e-12));
          assertThat(group.get("min").get(at).asDouble())
              .isEqualTo(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
          assertThat(group.get("max").get(at).asDouble())
              .isEqualTo(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
          assertThat(group.get("stdDev").get(at).asDouble()).isCloseTo(
              values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1)), within(1e-12));
        }
        assertThat(group.get("runs").get(15).asInt()).isEqualTo(3);
        assertThat(group.get("runs").get(0).asInt()).isEqualTo(6);
      }

      // The relative-time axis: each run from its own first point, which is a second per step here.
      JsonNode relative = ok(post("/ui/api/groups", "{" + MNIST + ", \"groupBy\": [\"optimizer\", \"batch_size\"],"
          + " \"metric\": \"loss\", \"axis\": \"relative\", \"buckets\": 25, \"from\": 0, \"to\": 25000}"));
      assertThat(relative.get("axis").asString()).isEqualTo("relative");
      assertThat(relative.get("bucketWidth").asLong()).isEqualTo(1_000);
      JsonNode groupsByTwo = relative.get("groups");
      assertThat(groupsByTwo).extracting(g -> g.get("key").toString()).containsExactly(
          "{\"optimizer\":\"adam\",\"batch_size\":32.0}", "{\"optimizer\":\"adam\",\"batch_size\":64.0}",
          "{\"optimizer\":\"sgd\",\"batch_size\":32.0}", "{\"optimizer\":\"sgd\",\"batch_size\":64.0}");
      JsonNode adam64 = groupsByTwo.get(1); // runs 6, 8, 10
      int at = indexOf(adam64.get("x"), 12_000);
      assertThat(adam64.get("runs").get(at).asInt()).isEqualTo(3);
      assertThat(adam64.get("mean").get(at).asDouble())
          .isCloseTo((loss(6, 12) + loss(8, 12) + loss(10, 12)) / 3, within(1e-12));
      assertThat(adam64.get("runs").get(indexOf(adam64.get("x"), 16_000)).asInt()).isEqualTo(2); // runs 8, 10

      assertThat(message(post("/ui/api/groups", "{" + MNIST + ", \"groupBy\": [], \"metric\": \"loss\","
          + " \"buckets\": 10}"), 400)).isEqualTo("groupBy must name 1 to 4 parameters, not 0");
      assertThat(message(post("/ui/api/groups", "{" + MNIST + ", \"groupBy\": [\"lr\"], \"metric\": \"loss\","
          + " \"axis\": \"time\", \"buckets\": 10}"), 400)).isEqualTo("axis must be step or relative, not time");
    }

    static int indexOf(JsonNode xs, long x) {
      for (int i = 0; i < xs.size(); i++) {
        if (xs.get(i).asLong() == x) {
          return i;
        }
      }
      throw new AssertionError("no bucket at " + x + " in " + xs);
    }
  }

  @Nested
  @DisplayName("in secured mode")
  class Secured {
    static final String KEY_A = "AKIAACCOUNTA00000001";
    static final String SECRET_A = "secretA/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String KEY_B = "AKIAACCOUNTB00000002";
    static final String SECRET_B = "secretB+bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String ACCOUNT_A = "111111111111";
    static final String ACCOUNT_B = "222222222222";

    @Test
    @DisplayName("a session sees its own account's experiments only, and another account is 403 on every call")
    void accounts() throws IOException {
      // Secured mode checks signatures against the true time, which earlier servers' fixed clocks may have skewed.
      SdkGlobalTime.setGlobalTimeOffset(0);
      Path credentials = dir.resolve("credentials");
      Files.writeString(credentials, KEY_A + " " + SECRET_A + " " + ACCOUNT_A + "\n" + KEY_B + " " + SECRET_B + " "
          + ACCOUNT_B + "\n");
      server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
          .toBuilder().credentialsFile(credentials).build(), Clock.systemUTC());
      try (SageMakerClient a = server.sageMaker(AwsBasicCredentials.create(KEY_A, SECRET_A), 1);
          SageMakerClient b = server.sageMaker(AwsBasicCredentials.create(KEY_B, SECRET_B), 1);
          SageMakerMetricsClient metricsB = server.client(AwsBasicCredentials.create(KEY_B, SECRET_B), 1)) {
        a.createExperiment(r -> r.experimentName("a-experiment"));
        a.createTrial(r -> r.trialName("a-trial").experimentName("a-experiment"));
        a.createTrialComponent(r -> r.trialComponentName("a-run").parameters(Map.of("lr", number(0.1))));
        a.associateTrialComponent(r -> r.trialName("a-trial").trialComponentName("a-run"));
        b.createExperiment(r -> r.experimentName("b-secret"));
        b.createTrial(r -> r.trialName("b-trial").experimentName("b-secret"));
        b.createTrialComponent(r -> r.trialComponentName("b-run").parameters(Map.of("lr", number(0.2))));
        b.associateTrialComponent(r -> r.trialName("b-trial").trialComponentName("b-run"));
        metricsB.batchPutMetrics(r -> r.trialComponentName("b-loose").metricData(RawMetricData.builder()
            .metricName("loss").timestamp(Instant.now()).step(0).value(1.0).build()));
      }
      HttpResponse<String> signedIn = post("/ui/api/session", "{\"accessKeyId\": \"" + KEY_A + "\","
          + " \"secretAccessKey\": \"" + SECRET_A + "\"}");
      assertThat(signedIn.statusCode()).isEqualTo(200);
      String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));

      JsonNode own = ok(get("/ui/api/experiments?account=" + ACCOUNT_A + "&region=" + REGION, cookie));
      assertThat(own.get("experiments")).extracting(e -> e.get("name").asString()).containsExactly("a-experiment");
      assertThat(own.get("unassigned").get("runCount").asLong()).isZero();
      assertThat(own.toString()).doesNotContain("b-secret").doesNotContain("b-run");
      assertThat(names(ok(post("/ui/api/runs", "{" + partition(ACCOUNT_A) + ", \"experiment\": \"a-experiment\"}",
          cookie)))).containsExactly("a-run");
      // B's experiment does not exist in A's account.
      assertThat(message(post("/ui/api/runs", "{" + partition(ACCOUNT_A) + ", \"experiment\": \"b-secret\"}",
          cookie), 404)).isEqualTo("Experiment 'b-secret' does not exist.");

      String b = partition(ACCOUNT_B);
      List<HttpResponse<String>> others = List.of(
          get("/ui/api/experiments?account=" + ACCOUNT_B + "&region=" + REGION, cookie),
          post("/ui/api/runs", "{" + b + ", \"experiment\": \"b-secret\"}", cookie),
          post("/ui/api/runs", "{" + b + ", \"unassigned\": true}", cookie),
          get("/ui/api/run?account=" + ACCOUNT_B + "&region=" + REGION + "&name=b-run", cookie),
          get("/ui/api/runs/names?account=" + ACCOUNT_B + "&region=" + REGION + "&experiment=b-secret", cookie),
          post("/ui/api/runs/columns", "{" + b + ", \"experiment\": \"b-secret\", \"columns\": [\"parameter:lr\"]}",
              cookie),
          post("/ui/api/groups", "{" + b + ", \"experiment\": \"b-secret\", \"groupBy\": [\"lr\"], \"metric\":"
              + " \"loss\", \"buckets\": 10}", cookie));
      for (HttpResponse<String> other : others) {
        assertThat(message(other, 403)).as(other.uri().toString())
            .isEqualTo("This session may read account " + ACCOUNT_A + " only.");
        assertThat(other.body()).doesNotContain("b-run").doesNotContain("b-loose");
      }
      // Without a session, nothing.
      assertThat(get("/ui/api/experiments?account=" + ACCOUNT_A + "&region=" + REGION).statusCode()).isEqualTo(401);
      assertThat(post("/ui/api/runs", "{" + partition(ACCOUNT_A) + ", \"experiment\": \"a-experiment\"}")
          .statusCode()).isEqualTo(401);
      assertThat(post("/ui/api/groups", "{}").statusCode()).isEqualTo(401);
      assertThat(get("/ui/api/run?account=" + ACCOUNT_A + "&region=" + REGION + "&name=" + encode("a-run"))
          .statusCode()).isEqualTo(401);
    }
  }
}
