package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while clients write without pause: the server stops taking connections, finishes the requests it has,
 * commits what is queued and closes the store, then exits; no request it took is answered with an error. After a
 * restart, every acknowledged point is there, once.
 */
@DisplayName("Graceful shutdown (SIGTERM)")
class GracefulShutdownIT {
  static final int CLIENTS = 16;
  static final long T0_MS = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();

  @TempDir Path dir;

  @Test
  @DisplayName("finishes what it took, cuts off no request, answers none with an error, and loses no acknowledged point")
  void sigterm() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = dir.resolve("server.log");
    List<String> args = List.of("--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString());
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    long[] acknowledged = new long[CLIENTS];
    AtomicLong unanswered = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    try (ServerProcess server = new ServerProcess(port, log, args)) {
      server.start();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(pool.submit(() -> write(server.endpoint(), client, stop, statuses, acknowledged, unanswered)));
      }
      Thread.sleep(3_000);
      int exit = server.terminate(Duration.ofSeconds(20));
      stop.set(true);
      for (Future<?> f : clients) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(exit).as("exit code after SIGTERM; see %s", log).isEqualTo(143);
      assertThat(statuses.keySet()).as("answers: %s", statuses).containsOnly(200);
      assertThat(Files.readString(log)).contains("stopped");

      server.start();
      for (int c = 0; c < CLIENTS; c++) {
        HttpResponse<String> count = RawHttp.get(server.endpoint(), "{\"MetricQueries\":[{\"MetricName\":\"loss\","
            + "\"ResourceArn\":\"" + StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, "term-" + c)
            + "\",\"MetricStat\":\"Count\",\"Period\":\"OneHour\",\"XAxisType\":\"Timestamp\"}]}");
        assertThat(count.statusCode()).isEqualTo(200);
        String body = count.body();
        int from = body.indexOf("\"MetricValues\":[") + 16;
        long stored = 0;
        for (String v : body.substring(from, body.indexOf(']', from)).split(",")) {
          stored += v.isEmpty() ? 0 : (long) Double.parseDouble(v);
        }
        // Every request sent was answered (the only failures allowed are refused connections), so exactly.
        assertThat(stored).as("client %d", c).isEqualTo(acknowledged[c]);
      }
    }
    System.out.printf("graceful shutdown: %d clients, answers %s, %d connections refused once the server had stopped"
            + " accepting, %d acknowledged points all stored%n",
        CLIENTS, statuses, unanswered.get(), java.util.Arrays.stream(acknowledged).sum());
  }

  /** Writes 10 new points a request until the server goes away or {@code stop}. */
  private static Void write(URI endpoint, int client, AtomicBoolean stop, Map<Integer, AtomicLong> statuses,
      long[] acknowledged, AtomicLong unanswered) {
    long step = 0;
    while (!stop.get()) {
      StringBuilder body = new StringBuilder("{\"TrialComponentName\":\"term-" + client + "\",\"MetricData\":[");
      for (int i = 0; i < 10; i++) {
        long s = step + i;
        body.append(i == 0 ? "" : ",").append("{\"MetricName\":\"loss\",\"Timestamp\":")
            .append((T0_MS + s) / 1000.0).append(",\"Step\":").append(s).append(",\"Value\":1}");
      }
      body.append("]}");
      HttpResponse<String> response;
      try {
        response = RawHttp.put(endpoint, body.toString());
      } catch (java.io.UncheckedIOException gone) {
        // Only a refused connection is allowed: a request the server had taken must be answered.
        assertThat(gone.getCause()).as("request cut off by the shutdown").isInstanceOf(java.net.ConnectException.class);
        unanswered.incrementAndGet();
        return null; // the server stopped accepting: this client is done
      }
      statuses.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
      if (response.statusCode() != 200) {
        return null;
      }
      step += 10;
      acknowledged[client] = step;
    }
    return null;
  }
}
