package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Far more concurrent writers than the server admits (a write queue of 8 requests, 64 clients without think time),
 * on a 256 MiB heap: the server must stay up, answer every request with 200 or a fast 429 ThrottlingException
 * (with Retry-After) or 503, and the audit must find every acknowledged point. {@code -Dstepwise.overload.seconds}
 * runs longer (default 10).
 */
@DisplayName("Overload")
class OverloadIT {
  static final int CLIENTS = 64;
  static final int SECONDS = Integer.getInteger("stepwise.overload.seconds", 10);
  static final long T0_MS = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();

  @TempDir Path dir;

  @Test
  @DisplayName("is refused fast with 429, never queued without bound, and loses nothing acknowledged")
  void overload() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    long[] acknowledged = new long[CLIENTS];
    try (ServerProcess server = new ServerProcess(port, dir.resolve("server.log"), List.of(
        "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString(),
        "--write-queue-capacity", "8"))) {
      server.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(pool.submit(() -> write(server.endpoint(), client, deadline, statuses, acknowledged)));
      }
      for (Future<?> f : clients) {
        f.get(SECONDS + 60L, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(statuses.keySet()).as("statuses seen: %s", statuses).isSubsetOf(200, 429, 503);
      assertThat(statuses.get(429)).as("the queue overflowed: %s", statuses).isNotNull();
      HttpClient http = HttpClient.newHttpClient();
      assertThat(http.send(HttpRequest.newBuilder(server.endpoint().resolve("/health/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      for (int c = 0; c < CLIENTS; c++) {
        HttpResponse<String> count = RawHttp.get(server.endpoint(), "{\"MetricQueries\":[{\"MetricName\":\"loss\","
            + "\"ResourceArn\":\"" + StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, "load-" + c)
            + "\",\"MetricStat\":\"Count\",\"Period\":\"IterationNumber\",\"XAxisType\":\"IterationNumber\"}]}");
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(stepsIn(count.body())).as("client %d", c).isEqualTo(acknowledged[c]);
      }
    }
    System.out.printf("overload: %d clients for %d s on a 256 MiB heap, answers %s, %d points acknowledged and audited%n",
        CLIENTS, SECONDS, statuses, java.util.Arrays.stream(acknowledged).sum());
  }

  /** The number of step buckets, each of which must have Count 1. */
  private static long stepsIn(String body) {
    String values = body.substring(body.indexOf("\"MetricValues\":[") + 16, body.indexOf(']', body.indexOf("\"MetricValues\":[")));
    if (values.isEmpty()) {
      return 0;
    }
    String[] counts = values.split(",");
    for (String count : counts) {
      assertThat(Double.parseDouble(count)).isEqualTo(1.0);
    }
    return counts.length;
  }

  /** Raw requests (no SDK retries, so that every answer is seen); a refused request is resent until acknowledged. */
  private static Void write(URI endpoint, int client, long deadline, Map<Integer, AtomicLong> statuses,
      long[] acknowledged) throws InterruptedException {
    long step = 0;
    while (System.nanoTime() < deadline) {
      StringBuilder body = new StringBuilder("{\"TrialComponentName\":\"load-" + client + "\",\"MetricData\":[");
      for (int i = 0; i < 10; i++) {
        long s = step + i;
        body.append(i == 0 ? "" : ",").append("{\"MetricName\":\"loss\",\"Timestamp\":")
            .append((T0_MS + s) / 1000.0).append(",\"Step\":").append(s).append(",\"Value\":").append(s).append('}');
      }
      body.append("]}");
      while (true) {
        HttpResponse<String> response = RawHttp.send(RawHttp.signedLike(endpoint, "PUT", "/BatchPutMetrics",
            body.toString().getBytes(StandardCharsets.UTF_8)).build());
        statuses.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
        if (response.statusCode() == 200) {
          assertThat(response.body()).isEqualTo("{}");
          break;
        }
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        Thread.sleep(20);
      }
      step += 10;
      acknowledged[client] = step;
    }
    return null;
  }
}
