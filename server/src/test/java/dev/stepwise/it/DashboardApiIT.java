package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.REGION;
import static dev.stepwise.it.StepwiseTestServer.trialComponentArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import dev.stepwise.service.dashboard.DashboardService;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The dashboard's read API (docs/ui-api.md) against the real server, fed by the real AWS SDK. */
@DisplayName("Dashboard API")
class DashboardApiIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");

  @TempDir Path dir;
  StepwiseTestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static void write(SageMakerMetricsClient client, String tc, String metric, int points) {
    List<RawMetricData> batch = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      batch.add(
          RawMetricData.builder()
              .metricName(metric)
              .timestamp(T0.plusSeconds(i))
              .step(i)
              .value(Math.sin(i / 10.0) + (i == 777 ? 50 : 0))
              .build());
      if (batch.size() == 10 || i == points - 1) {
        List<RawMetricData> sent = List.copyOf(batch);
        client.batchPutMetrics(b -> b.trialComponentName(tc).metricData(sent));
        batch.clear();
      }
    }
  }

  HttpResponse<String> get(String pathAndQuery, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(pathAndQuery));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return RawHttp.send(request.build());
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  static String seriesQuery(String account, String tc, String metric, String axis, int buckets) {
    return "account=" + account + "&region=" + REGION + "&trialComponent=" + URLEncoder.encode(tc, StandardCharsets.UTF_8)
        + "&metric=" + URLEncoder.encode(metric, StandardCharsets.UTF_8) + "&axis=" + axis + "&buckets=" + buckets;
  }

  @Nested
  @DisplayName("in local mode")
  class Local {
    @Test
    @DisplayName("lists partitions and trial components with metrics, counts, extents and last values")
    void listings() {
      server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), Clock.systemUTC());
      try (SageMakerMetricsClient client = server.client()) {
        write(client, "tc-old", "loss", 20);
        write(client, "tc-new", "loss", 30);
        client.batchPutMetrics(
            b -> b.trialComponentName("tc-new").metricData(
                RawMetricData.builder().metricName("acc").timestamp(T0.plusSeconds(100)).value(0.75).build()));
      }

      JsonNode partitions = json(get("/ui/api/partitions", null));
      assertThat(partitions.get("partitions").toString())
          .isEqualTo("[{\"account\":\"" + ACCOUNT + "\",\"region\":\"" + REGION + "\"}]");

      JsonNode tcs = json(get("/ui/api/trial-components?account=" + ACCOUNT + "&region=" + REGION, null)).get("trialComponents");
      assertThat(tcs).hasSize(2);
      JsonNode newest = tcs.get(0);
      assertThat(newest.get("name").asString()).isEqualTo("tc-new");
      assertThat(newest.get("pointCount").asLong()).isEqualTo(31);
      assertThat(newest.get("firstTimestamp").asLong()).isEqualTo(T0.toEpochMilli());
      assertThat(newest.get("lastTimestamp").asLong()).isEqualTo(T0.plusSeconds(100).toEpochMilli());
      JsonNode acc = newest.get("metrics").get(0);
      assertThat(acc.get("name").asString()).isEqualTo("acc");
      assertThat(acc.get("minStep").isNull()).isTrue();
      assertThat(acc.get("lastValue").asDouble()).isEqualTo(0.75);
      JsonNode loss = newest.get("metrics").get(1);
      assertThat(loss.get("minStep").asInt()).isZero();
      assertThat(loss.get("maxStep").asInt()).isEqualTo(29);
      assertThat(loss.get("lastValue").asDouble()).isEqualTo(Math.sin(29 / 10.0));
      assertThat(tcs.get(1).get("name").asString()).isEqualTo("tc-old");

      String listing = "/ui/api/trial-components?account=" + ACCOUNT + "&region=" + REGION;
      JsonNode named = json(get(listing + "&name=tc-old&name=no-such-tc", null)).get("trialComponents");
      assertThat(named).hasSize(1);
      assertThat(named.get(0).get("name").asString()).isEqualTo("tc-old");
      assertThat(named.get(0).get("pointCount").asLong()).isEqualTo(20);
      JsonNode both = json(get(listing + "&name=tc-new&name=tc-old", null)).get("trialComponents");
      assertThat(both).isEqualTo(tcs); // found by name, each exactly as the partition's listing has it
      StringBuilder tooMany = new StringBuilder(listing);
      for (int i = 0; i <= DashboardService.MAX_NAMED; i++) {
        tooMany.append("&name=tc-").append(i);
      }
      HttpResponse<String> refused = get(tooMany.toString(), null);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("at most 100");
    }

    @Test
    @DisplayName("answers raw points when they fit, else buckets with the same statistics as BatchGetMetrics")
    void series() {
      server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), Clock.systemUTC());
      try (SageMakerMetricsClient client = server.client()) {
        write(client, "tc-1", "loss", 2_000);

        JsonNode raw = json(get("/ui/api/series?" + seriesQuery(ACCOUNT, "tc-1", "loss", "step", 5_000), null));
        assertThat(raw.get("raw").asBoolean()).isTrue();
        assertThat(raw.get("bucketWidth").asLong()).isZero();
        assertThat(raw.get("x")).hasSize(2_000);
        assertThat(raw.get("avg").get(777).asDouble()).isEqualTo(Math.sin(77.7) + 50);
        assertThat(raw.get("firstTimestamp").asLong()).isEqualTo(T0.toEpochMilli());

        JsonNode buckets = json(get("/ui/api/series?" + seriesQuery(ACCOUNT, "tc-1", "loss", "time", 100), null));
        assertThat(buckets.get("raw").asBoolean()).isFalse();
        assertThat(buckets.get("from").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(buckets.get("to").asLong()).isEqualTo(T0.plusSeconds(1_999).toEpochMilli() + 1);
        long width = buckets.get("bucketWidth").asLong();
        assertThat(width).isEqualTo(19_991); // ceil(1,999,001 ms / 100)
        assertThat(buckets.get("x").size()).isBetween(100, 101);
        long total = 0;
        for (JsonNode count : buckets.get("count")) {
          total += count.asLong();
        }
        assertThat(total).isEqualTo(2_000);
        // the spike survives downsampling in the max band
        double maxOfMax = 0;
        for (JsonNode max : buckets.get("max")) {
          maxOfMax = Math.max(maxOfMax, max.asDouble());
        }
        assertThat(maxOfMax).isEqualTo(Math.sin(77.7) + 50);

        // 34 buckets over 34 minutes are one-minute buckets: the numbers BatchGetMetrics gives for OneMinute.
        JsonNode sixtySecondBuckets =
            json(get("/ui/api/series?" + seriesQuery(ACCOUNT, "tc-1", "loss", "time", 34)
                + "&from=" + T0.toEpochMilli() + "&to=" + (T0.toEpochMilli() + 34 * 60_000L), null));
        assertThat(sixtySecondBuckets.get("bucketWidth").asLong()).isEqualTo(60_000);
        MetricQueryResult avg = oneMinute(client, MetricStatistic.AVG);
        MetricQueryResult max = oneMinute(client, MetricStatistic.MAX);
        for (int i = 0; i < avg.xAxisValues().size(); i++) {
          assertThat(sixtySecondBuckets.get("x").get(i).asLong()).isEqualTo(avg.xAxisValues().get(i));
          assertThat(sixtySecondBuckets.get("avg").get(i).asDouble()).isEqualTo(avg.metricValues().get(i));
          assertThat(sixtySecondBuckets.get("max").get(i).asDouble()).isEqualTo(max.metricValues().get(i));
        }
        assertThat(avg.xAxisValues()).hasSize(34);
      }
    }

    MetricQueryResult oneMinute(SageMakerMetricsClient client, MetricStatistic stat) {
      return client
          .batchGetMetrics(
              b -> b.metricQueries(
                  q -> q.metricName("loss").resourceArn(trialComponentArn(ACCOUNT, "tc-1")).metricStat(stat)
                      .period(Period.ONE_MINUTE).xAxisType(XAxisType.TIMESTAMP)))
          .metricQueryResults()
          .get(0);
    }

    @Test
    @DisplayName("exports exactly the stored points, and the buckets, as CSV")
    void csv() {
      server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), Clock.systemUTC());
      try (SageMakerMetricsClient client = server.client()) {
        write(client, "tc-1", "loss", 25);
      }
      HttpResponse<String> raw = get("/ui/api/series.csv?" + seriesQuery(ACCOUNT, "tc-1", "loss", "step", 10) + "&raw=true", null);
      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(raw.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"tc-1-loss-raw.csv\"");
      List<String> lines = raw.body().lines().toList();
      assertThat(lines).hasSize(26);
      assertThat(lines.get(0)).isEqualTo("timestamp_ms,step,value");
      for (int i = 0; i < 25; i++) {
        assertThat(lines.get(i + 1)).isEqualTo(T0.plusSeconds(i).toEpochMilli() + "," + i + "," + Math.sin(i / 10.0));
      }
      List<String> buckets =
          get("/ui/api/series.csv?" + seriesQuery(ACCOUNT, "tc-1", "loss", "step", 10) + "&raw=false", null).body().lines().toList();
      assertThat(buckets.get(0)).isEqualTo("x,avg,min,max,count,last");
      assertThat(buckets).hasSize(1 + 9); // width ceil(25 / 10) = 3: steps 0-2, 3-5, ..., 24
      assertThat(buckets.get(1)).startsWith("0,").endsWith(",3," + Math.sin(0.2));

      // A metric name with a tab (stored, as AWS stores it) names the file safely.
      try (SageMakerMetricsClient client = server.client()) {
        write(client, "tc-1", "train\tloss", 3);
      }
      HttpResponse<String> tabbed =
          get("/ui/api/series.csv?" + seriesQuery(ACCOUNT, "tc-1", "train\tloss", "step", 10) + "&raw=true", null);
      assertThat(tabbed.headers().firstValue("Content-Disposition"))
          .hasValue("attachment; filename=\"tc-1-train_loss-raw.csv\"");
      assertThat(tabbed.body().lines()).hasSize(4);
    }

    @Test
    @DisplayName("rejects bad parameters with 400 and a message")
    void badParameters() {
      server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), Clock.systemUTC());
      HttpResponse<String> noBuckets = get("/ui/api/series?account=" + ACCOUNT + "&region=" + REGION + "&trialComponent=a&metric=b", null);
      assertThat(noBuckets.statusCode()).isEqualTo(400);
      assertThat(json(noBuckets).get("message").asString()).isEqualTo("the query parameter buckets is required");
      HttpResponse<String> axis = get("/ui/api/series?" + seriesQuery(ACCOUNT, "a", "b", "wall", 10), null);
      assertThat(json(axis).get("message").asString()).isEqualTo("axis must be step or time, not wall");
      HttpResponse<String> tooMany = get("/ui/api/series?" + seriesQuery(ACCOUNT, "a", "b", "step", 10_001), null);
      assertThat(json(tooMany).get("message").asString()).isEqualTo("buckets must be between 1 and 10000, not 10001");
    }

    @Test
    @DisplayName("serves the pages and uPlot from the jar, with a strict content security policy")
    void assets() {
      server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), Clock.systemUTC());
      HttpResponse<String> uplot = get("/ui/vendor/uplot/uPlot.esm.js", null);
      assertThat(uplot.statusCode()).isEqualTo(200);
      assertThat(uplot.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
      assertThat(uplot.body()).contains("export { uPlot as default }");
      assertThat(get("/ui/vendor/uplot/..%2F..%2Fpom.properties", null).statusCode()).isEqualTo(404);
      assertThat(get("/ui/nothing-here.js", null).statusCode()).isEqualTo(404);
      assertThat(get("/", null).statusCode()).isEqualTo(302);
      HttpResponse<String> page = get("/ui/?account=" + ACCOUNT + "&region=" + REGION, null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p).contains("default-src 'self'"));
      assertThat(page.body()).contains("<table id=\"experiments\"");
      assertThat(get("/ui/trial-components.html", null).body()).contains("<table id=\"trial-components\"");
      assertThat(get("/ui/experiment.html", null).body()).contains("<table id=\"runs\"");
      HttpResponse<String> bare = get("/ui?account=1", null);
      assertThat(bare.statusCode()).isEqualTo(302);
      assertThat(bare.headers().firstValue("Location")).hasValue("/ui/?account=1");
    }
  }

  @Nested
  @DisplayName("in secured mode")
  class Secured {
    static final String KEY_A = "AKIAACCOUNTA00000001";
    static final String SECRET_A = "secretA/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String KEY_B = "AKIAACCOUNTB00000002";
    static final String SECRET_B = "secretB+bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    void start() throws IOException {
      // Other tests' servers run on a fixed clock, and the SDK keeps the skew it learnt from them process-wide.
      SdkGlobalTime.setGlobalTimeOffset(0);
      Path credentials = dir.resolve("credentials");
      Files.writeString(
          credentials,
          KEY_A + " " + SECRET_A + " 111111111111 - a\n" + KEY_B + " " + SECRET_B + " 222222222222 - b\n"
              + "ASIATEMPORARY0000003 secretT 111111111111 TOKEN temporary\n");
      server =
          new StepwiseTestServer(
              ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data")).toBuilder().credentialsFile(credentials).build(),
              Clock.systemUTC());
    }

    HttpResponse<String> signIn(String key, String secret) {
      return RawHttp.send(
          HttpRequest.newBuilder(server.endpoint().resolve("/ui/api/session"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"accessKeyId\":\"" + key + "\",\"secretAccessKey\":\"" + secret + "\"}"))
              .build());
    }

    @Test
    @DisplayName("refuses every API call without a session, and a wrong secret")
    void unauthorised() throws IOException {
      start();
      for (String path : List.of("/ui/api/partitions", "/ui/api/trial-components?account=111111111111&region=us-east-1",
          "/ui/api/series?" + seriesQuery("111111111111", "a", "b", "step", 10), "/ui/api/series.csv?" + seriesQuery("111111111111", "a", "b", "step", 10))) {
        assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
        assertThat(get(path, "stepwise_session=" + KEY_A + ".9999999999.forged").statusCode()).as(path).isEqualTo(401);
      }
      assertThat(json(get("/ui/api/session", null)).toString())
          .isEqualTo("{\"mode\":\"secured\",\"signedIn\":false,\"account\":null}");
      HttpResponse<String> wrong = signIn(KEY_A, SECRET_B);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(wrong.body()).doesNotContain(SECRET_B).doesNotContain(SECRET_A);
      assertThat(signIn("ASIATEMPORARY0000003", "secretT").statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("answers a sign-in without a Content-Type with 415, as one with the wrong type")
    void signInWithoutContentType() throws IOException {
      start();
      HttpResponse<String> bare = RawHttp.send(HttpRequest.newBuilder(server.endpoint().resolve("/ui/api/session"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"accessKeyId\":\"" + KEY_A + "\",\"secretAccessKey\":\"" + SECRET_A + "\"}"))
          .build());
      assertThat(bare.statusCode()).as(bare.body()).isEqualTo(415);
      assertThat(json(bare).get("message").asString()).isEqualTo("Send the access key id and secret as application/json.");
      assertThat(bare.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    @DisplayName("signing out revokes the session: a copy of its cookie no longer reads anything")
    void signOutRevokes() throws IOException {
      start();
      String setCookie = signIn(KEY_A, SECRET_A).headers().firstValue("Set-Cookie").orElseThrow();
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      assertThat(get("/ui/api/partitions", cookie).statusCode()).isEqualTo(200);

      HttpResponse<String> signedOut = RawHttp.send(HttpRequest.newBuilder(server.endpoint().resolve("/ui/api/session"))
          .header("Cookie", cookie).DELETE().build());
      assertThat(signedOut.statusCode()).isEqualTo(204);
      assertThat(signedOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));

      assertThat(get("/ui/api/partitions", cookie).statusCode()).as("the copied cookie after sign-out").isEqualTo(401);
      assertThat(json(get("/ui/api/session", cookie)).get("signedIn").asBoolean()).isFalse();
      String again = signIn(KEY_A, SECRET_A).headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(get("/ui/api/partitions", again.substring(0, again.indexOf(';'))).statusCode())
          .as("a new sign-in works").isEqualTo(200);
    }

    @Test
    @DisplayName("a session sees its own account only")
    void sessionSeesItsAccount() throws IOException {
      start();
      try (SageMakerMetricsClient a = server.client(AwsBasicCredentials.create(KEY_A, SECRET_A), 1);
          SageMakerMetricsClient b = server.client(AwsBasicCredentials.create(KEY_B, SECRET_B), 1)) {
        write(a, "tc-of-a", "loss", 5);
        write(b, "tc-of-b", "loss", 5);
      }
      HttpResponse<String> signedIn = signIn(KEY_A, SECRET_A);
      assertThat(signedIn.statusCode()).isEqualTo(200);
      String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(setCookie).startsWith("stepwise_session=").contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/ui");
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));

      assertThat(json(get("/ui/api/session", cookie)).get("account").asString()).isEqualTo("111111111111");
      assertThat(get("/ui/api/partitions", cookie).body()).contains("111111111111").doesNotContain("222222222222");
      assertThat(get("/ui/api/trial-components?account=111111111111&region=" + REGION, cookie).body()).contains("tc-of-a");
      HttpResponse<String> other = get("/ui/api/trial-components?account=222222222222&region=" + REGION, cookie);
      assertThat(other.statusCode()).isEqualTo(403);
      assertThat(other.body()).doesNotContain("tc-of-b");
      assertThat(get("/ui/api/series?" + seriesQuery("222222222222", "tc-of-b", "loss", "step", 10), cookie).statusCode()).isEqualTo(403);
      assertThat(json(get("/ui/api/series?" + seriesQuery("111111111111", "tc-of-a", "loss", "step", 10), cookie)).get("x")).hasSize(5);
    }
  }
}
