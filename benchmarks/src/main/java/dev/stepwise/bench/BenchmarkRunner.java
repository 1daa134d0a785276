package dev.stepwise.bench;

import dev.stepwise.bench.load.LoadGenerator;
import dev.stepwise.bench.load.LoadResult;
import dev.stepwise.bench.load.SeriesBatches;
import dev.stepwise.bench.load.WrkIngest;
import dev.stepwise.bench.process.CeilingProcess;
import dev.stepwise.bench.process.CpuWindow;
import dev.stepwise.bench.process.Credentials;
import dev.stepwise.bench.process.InfluxProcess;
import dev.stepwise.bench.process.PostgresDatabase;
import dev.stepwise.bench.process.ProcessCpu;
import dev.stepwise.bench.process.StepwiseNodes;
import dev.stepwise.bench.process.StepwiseProcess;
import dev.stepwise.bench.process.StoreCeiling;
import dev.stepwise.bench.process.Target;
import dev.stepwise.bench.query.QueryClient;
import dev.stepwise.bench.query.QueryData;
import dev.stepwise.bench.query.QueryWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The suite of {@code benchmarks/run}: the same ingest load and the same queries against Stepwise on SQLite, Stepwise
 * on PostgreSQL and InfluxDB 1.x, the same load against the two ceilings (the bare HTTP stack, the store used
 * directly), one system at a time; then its section of {@code docs/benchmarks.md}. Exits 1 when a read-back found
 * a mismatch or a part failed.
 */
public final class BenchmarkRunner {
  private final RunOptions options;
  private final Path work;
  private final String runId;
  private final Credentials credentials = Credentials.generate();
  private final QueryData data;

  private BenchmarkRunner(RunOptions options, Path work) {
    this.options = options;
    this.work = work;
    this.runId = "r" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    this.data = QueryData.create(runId + "-q", options.seriesPoints(), options.overlaySeries(), options.overlayPoints());
  }

  public static void main(String[] args) throws Exception {
    RunOptions options = RunOptions.parse(args);
    Path work = Files.createTempDirectory("stepwise-bench-");
    Instant started = Instant.now();
    List<SystemResults> results;
    try {
      results = new BenchmarkRunner(options, work).runAll();
    } finally {
      deleteRecursively(work);
    }
    String markdown = new Report(options, started, results).markdown();
    MarkdownSection.write(options.output(), "suite", markdown);
    System.out.println(markdown);
    boolean ok = results.stream().allMatch(SystemResults::ok);
    System.out.println(ok ? "All parts ran; every read-back matched." : "FAILED: see the messages above (!!!).");
    System.exit(ok ? 0 : 1);
  }

  private List<SystemResults> runAll() throws Exception {
    List<SystemResults> all = new ArrayList<>();
    if (options.includes("bare")) {
      all.add(ceiling());
    }
    if (options.includes("discarding")) {
      all.add(discardingCeiling());
    }
    if (options.includes("sqlite")) {
      all.add(stepwise(Report.STEPWISE_SQLITE, null));
    }
    if (options.includes("postgres")) {
      all.add(stepwiseOnPostgres());
    }
    if (options.includes("influxdb")) {
      all.add(influx());
    }
    if (options.includes("postgres-2nodes")) {
      all.add(twoNodesOnPostgres());
    }
    if (options.includes("wrk-sqlite")) {
      all.add(wrkStepwise(Report.WRK_SQLITE, null));
    }
    if (options.includes("wrk-postgres")) {
      all.add(wrkStepwiseOnPostgres());
    }
    if (options.includes("wrk-influxdb")) {
      all.add(wrkInflux());
    }
    if (options.includes("store-sqlite")) {
      all.add(storeCeiling(Report.STORE_SQLITE, null));
    }
    if (options.includes("store-postgres")) {
      all.add(storeCeilingOnPostgres());
    }
    return all;
  }

  private SystemResults ceiling() throws IOException {
    SystemResults results = new SystemResults(Report.BARE_SERVER);
    try (CeilingProcess ceiling = CeilingProcess.bare(dir("ceiling"), credentials, RunOptions.HEAP)) {
      // First in the run: the load generator's own JVM is still cold, so it warms up here too.
      results.ingest(ingestLoad(ceiling, options.warmUp().multipliedBy(2)).figure("not read back (stores nothing)"));
    } catch (Exception e) {
      results.failed("bare server", e);
    }
    return results;
  }

  private SystemResults discardingCeiling() throws IOException {
    SystemResults results = new SystemResults(Report.DISCARDING_SERVER);
    try (CeilingProcess ceiling = CeilingProcess.discarding(dir("discarding"), credentials, RunOptions.HEAP)) {
      results.ingest(ingestLoad(ceiling, options.warmUp()).figure("not read back (stores nothing)"));
    } catch (Exception e) {
      results.failed("server over a discarding store", e);
    }
    return results;
  }

  private SystemResults stepwise(String name, String postgresUrl) throws IOException {
    SystemResults results = new SystemResults(name);
    try (StepwiseProcess stepwise =
        StepwiseProcess.start(name, options.serverJar(), dir(name), postgresUrl, credentials, RunOptions.HEAP)) {
      measureStoringSystem(stepwise, options.loadClients(), results, !options.ingestOnly());
    } catch (Exception e) {
      results.failed("start", e);
    }
    return results;
  }

  /**
   * Two nodes over one database, the same clients spread over them in turn: ingest and its read-back only (the
   * queries are those of one node).
   */
  private SystemResults twoNodesOnPostgres() throws IOException {
    SystemResults results = new SystemResults(Report.STEPWISE_POSTGRES_2);
    try (PostgresDatabase database = PostgresDatabase.create("stepwise_bench_" + runId.substring(1) + "_2nodes")) {
      List<StepwiseProcess> nodes = new ArrayList<>();
      try {
        for (int i = 1; i <= 2; i++) {
          nodes.add(StepwiseProcess.start(Report.STEPWISE_POSTGRES_2 + " node " + i, options.serverJar(),
              dir(Report.STEPWISE_POSTGRES_2 + "-" + i), database.url(), credentials, RunOptions.HEAP));
        }
      } catch (Exception e) {
        nodes.forEach(StepwiseProcess::close);
        throw e;
      }
      try (StepwiseNodes both = new StepwiseNodes(Report.STEPWISE_POSTGRES_2, nodes)) {
        measureStoringSystem(both, options.loadClients(), results, false);
      }
    } catch (Exception e) {
      results.failed("start", e);
    }
    return results;
  }

  /** Stepwise in local mode (any well-formed signature), driven by wrk: see {@link WrkIngest}. */
  private SystemResults wrkStepwise(String name, String postgresUrl) throws IOException {
    SystemResults results = new SystemResults(name);
    try (StepwiseProcess stepwise =
        StepwiseProcess.start(name, options.serverJar(), dir(name), postgresUrl, null, RunOptions.HEAP)) {
      results.ingest(wrk(stepwise.baseUrl(), Path.of("benchmarks/wrk-put.lua"), stepwise.serverCpu(),
          stepwise.databaseCpu()));
    } catch (Exception e) {
      results.failed("wrk", e);
    }
    return results;
  }

  private SystemResults wrkStepwiseOnPostgres() throws IOException {
    try (PostgresDatabase database = PostgresDatabase.create("stepwise_bench_" + runId.substring(1) + "_wrk")) {
      return wrkStepwise(Report.WRK_POSTGRES, database.url());
    } catch (java.sql.SQLException e) {
      SystemResults results = new SystemResults(Report.WRK_POSTGRES);
      results.failed("PostgreSQL database", e);
      return results;
    }
  }

  private SystemResults wrkInflux() throws IOException {
    SystemResults results = new SystemResults(Report.WRK_INFLUXDB);
    try (InfluxProcess influx = InfluxProcess.start(dir("wrk-influxdb"))) {
      results.ingest(wrk(influx.baseUrl(), Path.of("benchmarks/wrk-influx.lua"), influx.serverCpu(), null));
    } catch (Exception e) {
      results.failed("wrk", e);
    }
    return results;
  }

  private IngestFigure wrk(String url, Path script, ProcessCpu server, ProcessCpu database) throws IOException, InterruptedException {
    System.out.printf("== wrk against %s: %d connections, 10 points per request, %d s warm-up + %d s measured%n",
        url, options.clients(), options.warmUp().toSeconds(), options.measured().toSeconds());
    IngestFigure figure = WrkIngest.measure(url, script, runId + "-wrk", options.clients(), options.warmUp(),
        options.measured(), server, database);
    System.out.printf("   %,.0f points/s, p50 %.2f ms, p99 %.2f ms, %d non-2xx, server CPU %.1f us/point%n",
        figure.pointsPerSecond(), figure.p50Ms(), figure.p99Ms(), figure.errors(), figure.serverCpuMicrosPerPoint());
    return figure;
  }

  private SystemResults stepwiseOnPostgres() throws IOException {
    try (PostgresDatabase database = PostgresDatabase.create("stepwise_bench_" + runId.substring(1))) {
      return stepwise(Report.STEPWISE_POSTGRES, database.url());
    } catch (java.sql.SQLException e) {
      SystemResults results = new SystemResults(Report.STEPWISE_POSTGRES);
      results.failed("PostgreSQL database", e);
      return results;
    }
  }

  private SystemResults influx() throws IOException {
    SystemResults results = new SystemResults(Report.INFLUXDB);
    try (InfluxProcess influx = InfluxProcess.start(dir("influxdb"))) {
      measureStoringSystem(influx, 4, results, !options.ingestOnly());
    } catch (Exception e) {
      results.failed("start", e);
    }
    return results;
  }

  private SystemResults storeCeiling(String name, String postgresUrl) throws IOException {
    SystemResults results = new SystemResults(name);
    try {
      System.out.println("== " + name + ": " + options.clients() + " threads appending 10 points at a time");
      results.ingest(StoreCeiling.measure(
          dir(name), postgresUrl, runId + "-store", options.clients(), options.warmUp(), options.measured(), RunOptions.HEAP));
      System.out.printf("   %,.0f points/s%n", results.ingest().pointsPerSecond());
    } catch (Exception e) {
      results.failed("store ceiling", e);
    }
    return results;
  }

  private SystemResults storeCeilingOnPostgres() throws IOException {
    try (PostgresDatabase database = PostgresDatabase.create("stepwise_bench_" + runId.substring(1) + "_store")) {
      return storeCeiling(Report.STORE_POSTGRES, database.url());
    } catch (java.sql.SQLException e) {
      SystemResults results = new SystemResults(Report.STORE_POSTGRES);
      results.failed("PostgreSQL database", e);
      return results;
    }
  }

  /** Ingest with read-back, then the query data loaded and read back, then the queries. */
  private void measureStoringSystem(Target target, int loadClients, SystemResults results, boolean queries) {
    long fromMs = ingestOrigin();
    try (QueryClient client = target.newQueryClient()) {
      MeasuredIngest ingest = ingestLoad(target, options.warmUp());
      String verification =
          ReadBack.verify(client, ingest.load(), fromMs, System.currentTimeMillis() + 3_600_000, results);
      results.ingest(ingest.figure(verification));
      System.out.println("   read back: " + verification);
    } catch (Exception e) {
      results.failed("ingest", e);
      return;
    }
    if (!queries) {
      return;
    }
    try (QueryClient client = target.newQueryClient()) {
      System.out.printf("== %s: loading %,d points for the queries (%d clients, %d points per request)%n",
          target.name(), data.totalPoints(), loadClients, target.maxBatchSize());
      LoadResult load = LoadGenerator.untilDone(loadClients, target::newSender, data.batches(target.maxBatchSize()));
      String verification = ReadBack.verify(client, load, data.originMs(), data.endMs(), results);
      results.loadFigure(String.format("%,.0f points/s (%d clients, %,d points per request, %d errors, %d retries)",
          load.pointsPerSecond(), loadClients, target.maxBatchSize(), load.errors(), load.retries()));
      System.out.println("   " + results.loadFigure() + "; read back: " + verification);
      if (load.errors() > 0 || load.totalAcknowledged() != data.totalPoints()) {
        throw new IllegalStateException(
            load.totalAcknowledged() + " of " + data.totalPoints() + " points loaded; the queries would be unfair");
      }
      target.settle();
      System.out.printf("== %s: queries, %d warm-up then %d measured calls each%n",
          target.name(), options.warmUpCalls(), options.measuredCalls());
      results.queries().addAll(
          new QueryWorkload(options.warmUpCalls(), options.measuredCalls()).measure(client, data.cases()));
      results.queries().forEach(q -> System.out.printf("   %-75s p50 %8.1f ms  p99 %8.1f ms  %,d buckets%n",
          q.queryCase().label(), q.latencies().percentileMs(50), q.latencies().percentileMs(99), q.buckets()));
    } catch (Exception e) {
      results.failed("queries", e);
    }
  }

  /** A timed ingest and the CPU its measured window cost the server's and the database's processes. */
  private record MeasuredIngest(
      LoadResult load, double serverCpuSeconds, double databaseCpuSeconds, double loadCpuSeconds,
      double machineCpuSeconds) {
    IngestFigure figure(String verification) {
      return IngestFigure.of(load, perPoint(serverCpuSeconds), perPoint(databaseCpuSeconds), perPoint(loadCpuSeconds),
          perPoint(machineCpuSeconds), verification);
    }

    private double perPoint(double seconds) {
      return load.acknowledgedPoints() == 0 ? Double.NaN : seconds * 1e6 / load.acknowledgedPoints();
    }
  }

  /** The timed ingest: one trial component per client, steps from 0, timestamps 1 ms apart from an hour ago. */
  private MeasuredIngest ingestLoad(Target target, Duration warmUp) throws InterruptedException {
    System.out.printf("== %s: ingest, %d clients, 10 points per request, %d s warm-up + %d s measured%n",
        target.name(), options.clients(), warmUp.toSeconds(), options.measured().toSeconds());
    long origin = ingestOrigin();
    List<SeriesBatches> series = IntStream.range(0, options.clients())
        .mapToObj(i -> SeriesBatches.endless(runId + "-ingest-c" + i, origin, 10))
        .toList();
    CpuWindow server = CpuWindow.start(target.serverCpu(), warmUp, options.measured());
    CpuWindow database = CpuWindow.start(target.databaseCpu(), warmUp, options.measured());
    CpuWindow loadGenerator = CpuWindow.start(ProcessCpu.self(), warmUp, options.measured());
    CpuWindow machine = CpuWindow.start(ProcessCpu.machine(), warmUp, options.measured());
    LoadResult load = LoadGenerator.timed(
        options.clients(), target::newSender, series, warmUp, options.measured());
    MeasuredIngest ingest = new MeasuredIngest(
        load, server.seconds(), database.seconds(), loadGenerator.seconds(), machine.seconds());
    System.out.printf("   %s; CPU us/point: server %.1f, database %.1f, load generator %.1f, machine %.1f%n",
        load.summary(), ingest.perPoint(ingest.serverCpuSeconds()), ingest.perPoint(ingest.databaseCpuSeconds()),
        ingest.perPoint(ingest.loadCpuSeconds()), ingest.perPoint(ingest.machineCpuSeconds()));
    return ingest;
  }

  private long ingestOrigin() {
    return data.originMs() + QueryData.DAY.toMillis() + Duration.ofMinutes(1).toMillis();
  }

  private Path dir(String name) throws IOException {
    return Files.createDirectories(work.resolve(name.replaceAll("[^A-Za-z0-9]+", "-")));
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
