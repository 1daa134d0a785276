package dev.stepwise.bench.process;

import dev.stepwise.bench.load.HttpResponse;
import dev.stepwise.bench.load.InfluxLineRequests;
import dev.stepwise.bench.load.MiniHttpClient;
import dev.stepwise.bench.load.Sender;
import dev.stepwise.bench.query.InfluxQueryClient;
import dev.stepwise.bench.query.QueryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The peer: Debian's InfluxDB 1.x with a generated configuration: every listener on loopback, no phoning home, no
 * internal monitoring database, throwaway directories, and its default WAL fsync (every write is fsynced before the
 * 204, as Stepwise commits before it answers).
 */
public final class InfluxProcess implements Target {
  public static final Path INFLUXD = Path.of("/usr/bin/influxd");
  private static final String HOST = "127.0.0.1";
  private static final String DATABASE = "bench";
  /** Line protocol batches may be large; 5,000 lines is InfluxDB's recommended batch size. */
  private static final int MAX_BATCH = 5_000;

  private final ManagedProcess process;
  private final int port;

  private InfluxProcess(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static InfluxProcess start(Path workDir) throws IOException, InterruptedException {
    int port = FreePort.pick();
    Path config = workDir.resolve("influxdb.conf");
    Files.writeString(config, config(workDir, port, FreePort.pick()));
    ManagedProcess process =
        ManagedProcess.start("influxd", List.of(INFLUXD.toString(), "-config", config.toString()),
            workDir.resolve("influxd.log"));
    try (MiniHttpClient probe = new MiniHttpClient(HOST, port)) {
      process.awaitReady(
          () -> {
            HttpResponse response = probe.send(probe.request("GET", "/ping", "", new byte[0]));
            return response.status() == 204;
          },
          Duration.ofSeconds(60));
    } catch (RuntimeException | IOException | InterruptedException e) {
      process.close();
      throw e;
    }
    try (InfluxQueryClient admin = new InfluxQueryClient(HOST, port, DATABASE)) {
      admin.execute("CREATE DATABASE " + DATABASE);
    }
    return new InfluxProcess(process, port);
  }

  /**
   * Request logs are off on both sides (Stepwise runs with --access-log false); the graphite, collectd, opentsdb and UDP
   * listeners are off by default.
   */
  static String config(Path workDir, int httpPort, int rpcPort) {
    return """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"

        [meta]
          dir = "%s"

        [data]
          dir = "%s"
          wal-dir = "%s"
          query-log-enabled = false

        [monitor]
          store-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:%d"
          auth-enabled = false
          log-enabled = false
        """
        .formatted(rpcPort, workDir.resolve("meta"), workDir.resolve("data"), workDir.resolve("wal"), httpPort);
  }

  @Override
  public String name() {
    return "InfluxDB";
  }

  @Override
  public Sender newSender() {
    return new InfluxLineRequests(HOST, port, DATABASE);
  }

  @Override
  public QueryClient newQueryClient() {
    return new InfluxQueryClient(HOST, port, DATABASE);
  }

  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  /** Where its HTTP API listens. */
  public String baseUrl() {
    return "http://" + HOST + ":" + port + "/";
  }

  @Override
  public ProcessCpu serverCpu() {
    return ProcessCpu.of(java.util.List.of(process.pid()));
  }

  @Override
  public void close() {
    process.close();
  }
}
