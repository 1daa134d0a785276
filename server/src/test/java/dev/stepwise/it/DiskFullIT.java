package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the SQLite data directory on a 2 MiB tmpfs (mounting needs root, which CI and these machines
 * have; .ci/run fails if this test did not run). Writes must fail with 503 once the disk is full, nothing acknowledged may be lost, and when the disk is
 * grown the same server process must store again without a restart.
 */
@DisplayName("SQLite on a full disk, or with its files made unwritable")
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "mounting a tmpfs needs root")
class DiskFullIT {
  static final long T0_MS = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();

  @TempDir Path dir;
  Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", "-l", mount.toString());
    }
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  static String put(int step) {
    StringBuilder body = new StringBuilder("{\"TrialComponentName\":\"disk\",\"MetricData\":[");
    for (int i = 0; i < 10; i++) {
      long s = step + i;
      body.append(i == 0 ? "" : ",").append("{\"MetricName\":\"loss\",\"Timestamp\":").append((T0_MS + s) / 1000.0)
          .append(",\"Step\":").append(s).append(",\"Value\":").append(Math.sqrt(s)).append('}');
    }
    return body.append("]}").toString();
  }

  @Test
  @DisplayName("answers 503 when the disk is full, loses nothing acknowledged, and stores again when space returns")
  void fullDisk() throws Exception {
    mount = Files.createDirectories(dir.resolve("small"));
    run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (ServerProcess server = new ServerProcess(port, dir.resolve("server.log"),
        List.of("--port", String.valueOf(port), "--data-dir", mount.resolve("data").toString()))) {
      server.start();
      int step = 0;
      HttpResponse<String> response;
      while (true) {
        response = RawHttp.put(server.endpoint(), put(step));
        if (response.statusCode() != 200) {
          break;
        }
        step += 10;
        assertThat(step).as("the disk should be full long before this").isLessThan(1_000_000);
      }
      int acknowledged = step;
      ProtocolErrorsIT.assertAwsError(response, 503, "ServiceUnavailable");
      assertThat(acknowledged).isGreaterThan(0);
      // Full stays full, and refuses the same way, without stack traces or a dead writer.
      ProtocolErrorsIT.assertAwsError(RawHttp.put(server.endpoint(), put(step)), 503, "ServiceUnavailable");
      assertThat(readiness(server)).as("a store that cannot write is not ready").isEqualTo(503);
      assertThat(readiness(server)).isEqualTo(503);

      run("mount", "-o", "remount,size=64m", mount.toString());
      HttpResponse<String> again = RawHttp.put(server.endpoint(), put(step));
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      acknowledged = step + 10;

      HttpResponse<String> count = RawHttp.get(server.endpoint(), "{\"MetricQueries\":[{\"MetricName\":\"loss\","
          + "\"ResourceArn\":\"" + StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, "disk")
          + "\",\"MetricStat\":\"Count\",\"Period\":\"OneHour\",\"XAxisType\":\"Timestamp\"}]}");
      double stored = 0;
      String values = count.body().replaceAll(".*\"MetricValues\":\\[([^]]*)].*", "$1");
      for (String v : values.split(",")) {
        stored += Double.parseDouble(v);
      }
      assertThat(stored).as("every acknowledged point, once").isEqualTo(acknowledged);
      assertThat(readiness(server)).isEqualTo(200);
      assertOneLinePerStateChange(dir.resolve("server.log"));
      System.out.printf("disk full: %d points acknowledged before the disk filled, 503 then, stored again after growing it%n",
          step);
    }
  }

  /**
   * The database file and its WAL made immutable under the running server ({@code chattr +i}: even root, and even through file
   * descriptors already open, cannot write them), then writable again.
   */
  @Test
  @DisplayName("answers 503 while its files cannot be written, loses nothing acknowledged, and recovers by itself")
  void unwritableFiles() throws Exception {
    Path data = dir.resolve("data");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // Not the -shm file: SQLite maps it into memory, and a write to a mapping that cannot be written is a SIGBUS.
    List<String> files = List.of("stepwise.db", "stepwise.db-wal");
    try (ServerProcess server = new ServerProcess(port, dir.resolve("server.log"),
        List.of("--port", String.valueOf(port), "--data-dir", data.toString()))) {
      server.start();
      for (int step = 0; step < 100; step += 10) {
        assertThat(RawHttp.put(server.endpoint(), put(step)).statusCode()).isEqualTo(200);
      }
      try {
        for (String file : files) {
          run("chattr", "+i", data.resolve(file).toString());
        }
        ProtocolErrorsIT.assertAwsError(RawHttp.put(server.endpoint(), put(100)), 503, "ServiceUnavailable");
        ProtocolErrorsIT.assertAwsError(RawHttp.put(server.endpoint(), put(100)), 503, "ServiceUnavailable");
        assertThat(readiness(server)).as("a store that cannot write is not ready").isEqualTo(503);
      } finally {
        for (String file : files) {
          run("chattr", "-i", data.resolve(file).toString());
        }
      }
      HttpResponse<String> again = RawHttp.put(server.endpoint(), put(100));
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);

      HttpResponse<String> count = RawHttp.get(server.endpoint(), "{\"MetricQueries\":[{\"MetricName\":\"loss\","
          + "\"ResourceArn\":\"" + StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, "disk")
          + "\",\"MetricStat\":\"Count\",\"Period\":\"IterationNumber\",\"XAxisType\":\"IterationNumber\"}]}");
      String values = count.body().replaceAll(".*\"MetricValues\":\\[([^]]*)].*", "$1");
      assertThat(values.split(",")).as("steps 0..109, each once").hasSize(110).containsOnly("1.0");
      assertThat(readiness(server)).isEqualTo(200);
      assertOneLinePerStateChange(dir.resolve("server.log"));
    }
  }

  static int readiness(ServerProcess server) {
    return RawHttp.send(HttpRequest.newBuilder(server.endpoint().resolve("/health/ready")).build()).statusCode();
  }

  /** The outage is told once, with its reason, and its end once: no stack trace per failed request or probe. */
  static void assertOneLinePerStateChange(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).as("stack trace lines").noneMatch(l -> l.startsWith("\tat "));
    assertThat(lines).filteredOn(l -> l.contains(" WARN ")).singleElement()
        .satisfies(l -> assertThat(l).contains("SQLite store cannot write: "));
    assertThat(lines).filteredOn(l -> l.contains("SQLite store writes again")).hasSize(1);
  }
}
