package dev.stepwise.bench.process;

import dev.stepwise.bench.experiments.ControlPlaneClient;
import dev.stepwise.bench.load.HttpResponse;
import dev.stepwise.bench.load.MiniHttpClient;
import dev.stepwise.bench.load.Sender;
import dev.stepwise.bench.load.SignedPutRequests;
import dev.stepwise.bench.query.QueryClient;
import dev.stepwise.bench.query.StepwiseQueryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** The real server, from its shaded jar, in secured mode with a throwaway key, on SQLite or PostgreSQL. */
public final class StepwiseProcess implements Target {
  private static final String HOST = "127.0.0.1";
  /** Stepwise's BatchPutMetrics takes at most 10 points. */
  private static final int MAX_BATCH = 10;

  private final String name;
  private final ManagedProcess process;
  private final int port;
  private final Credentials credentials;
  /** The store's JDBC URL, null for SQLite. */
  private final String postgresUrl;

  private StepwiseProcess(
      String name, ManagedProcess process, int port, Credentials credentials, String postgresUrl) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.credentials = credentials;
    this.postgresUrl = postgresUrl;
  }

  /**
   * @param postgresUrl the store's JDBC URL, or null for SQLite in {@code workDir}
   * @param credentials the secured mode's one key, or null for local mode (any well-formed signature, for wrk)
   * @param heap the JVM's {@code -Xmx} value, the same for every Java server of the run
   */
  public static StepwiseProcess start(
      String name, Path serverJar, Path workDir, String postgresUrl, Credentials credentials, String heap)
      throws IOException, InterruptedException {
    int port = FreePort.pick();
    List<String> command = ManagedProcess.serverJava(heap);
    command.addAll(List.of("-jar", serverJar.toString(),
        "--port", String.valueOf(port),
        "--data-dir", workDir.resolve("data").toString(),
        "--access-log", "false")); // as InfluxDB's request log is off: neither side logs per request
    if (credentials != null) {
      command.addAll(List.of("--credentials-file", credentials.writeFile(workDir).toString()));
    }
    if (postgresUrl != null) {
      command.addAll(List.of("--postgres-url", postgresUrl));
    }
    ManagedProcess process = ManagedProcess.start(name, command, workDir.resolve("server.log"));
    try (MiniHttpClient probe = new MiniHttpClient(HOST, port)) {
      process.awaitReady(
          () -> {
            HttpResponse response = probe.send(probe.request("GET", "/health/ready", "", new byte[0]));
            return response.status() == 200;
          },
          Duration.ofSeconds(60));
    } catch (RuntimeException | IOException | InterruptedException e) {
      process.close();
      throw e;
    }
    return new StepwiseProcess(name, process, port, credentials, postgresUrl);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Sender newSender() {
    return new SignedPutRequests(HOST, port, credentials.accessKeyId(), credentials.secretAccessKey());
  }

  @Override
  public QueryClient newQueryClient() {
    return new StepwiseQueryClient(
        HOST, port, credentials.accessKeyId(), credentials.secretAccessKey(), credentials.account());
  }

  /** A client of the SageMaker Experiments control plane, signing with the run's key. */
  public ControlPlaneClient newControlPlaneClient() {
    return new ControlPlaneClient(HOST, port, credentials.accessKeyId(), credentials.secretAccessKey());
  }

  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  /**
   * PostgreSQL: {@link PostgresDatabase#vacuumAnalyze}. SQLite needs nothing: its writer folds the log by itself
   * within 250 ms of the last write, and its queries do not depend on planner statistics.
   */
  @Override
  public void settle() throws SQLException {
    if (postgresUrl != null) {
      PostgresDatabase.vacuumAnalyze(postgresUrl);
    }
  }

  @Override
  public ProcessCpu serverCpu() {
    return ProcessCpu.of(java.util.List.of(process.pid()));
  }

  /** Every process of the PostgreSQL server (other clients' backends too, if any are busy: the machine is ours). */
  @Override
  public ProcessCpu databaseCpu() {
    return postgresUrl == null ? null : PostgresDatabase.serverCpu(postgresUrl);
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:9400/}. */
  public String baseUrl() {
    return "http://" + HOST + ":" + port + "/";
  }

  /** The server's process id, for a caller that adds several nodes' CPU up. */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }
}
