package dev.stepwise.bench;

import dev.stepwise.bench.query.Period;
import dev.stepwise.bench.query.QueryCase;
import dev.stepwise.bench.query.QueryMeasurement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/** The {@code suite} section of {@code docs/benchmarks.md}: the facts of the run, then a table per workload. */
final class Report {
  static final String STEPWISE_SQLITE = "Stepwise-SQLite";
  static final String STEPWISE_POSTGRES = "Stepwise-PostgreSQL";
  static final String INFLUXDB = "InfluxDB 1.6";
  static final String STEPWISE_POSTGRES_2 = "Stepwise-PostgreSQL, 2 nodes";
  static final String WRK_SQLITE = "wrk: Stepwise-SQLite";
  static final String WRK_POSTGRES = "wrk: Stepwise-PostgreSQL";
  static final String WRK_INFLUXDB = "wrk: InfluxDB 1.6";
  static final String BARE_SERVER = "ceiling: bare server";
  static final String DISCARDING_SERVER = "ceiling: server, storage discarded";
  static final String STORE_SQLITE = "ceiling: SQLite store direct";
  static final String STORE_POSTGRES = "ceiling: PostgreSQL store direct";
  private static final double AGGREGATE_P50_TARGET_MS = 50;
  private static final double HUNDRED_QUERIES_TARGET_MS = 200;

  private final RunOptions options;
  private final Instant started;
  private final List<SystemResults> results;

  Report(RunOptions options, Instant started, List<SystemResults> results) {
    this.options = options;
    this.started = started;
    this.results = results;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("## Stepwise vs InfluxDB 1.6 vs the ceilings").append(options.quick() ? " (quick smoke run)" : "")
        .append("\n\n");
    md.append(facts()).append("\n\n");
    md.append(ingestTable()).append('\n');
    md.append(ingestRatios()).append('\n');
    md.append(scaleOutRatios()).append('\n');
    md.append(queryTable());
    md.append(failures());
    return md.toString();
  }

  private String facts() {
    return String.format(Locale.ROOT,
        "Measured %s at commit `%s` on %d cores (as `Runtime.availableProcessors()` sees them), Java %s. Command: `%s`."
            + " Each system runs alone in its own process (the Java servers with `-Xmx%s`), driven over keep-alive"
            + " HTTP/1.1 by the load generator in another JVM on the same machine; every Stepwise request is SigV4-signed"
            + " and verified (secured mode). Ingest: %d concurrent clients, each writing its own trial component, 10"
            + " points per request, %d s warm-up then %d s measured per system; afterwards every acknowledged point is"
            + " counted back through the system's own query API. Queries: %d warm-up then %d measured calls, one at a"
            + " time, over data loaded beforehand (not measured; PostgreSQL's database then gets the `VACUUM (ANALYZE)`"
            + " autovacuum would give it within a minute or so), timed from sending a request to the last byte of its"
            + " answer; InfluxDB's `GROUP BY time(...)` with `fill(none)`, so that"
            + " it leaves empty buckets out as Stepwise does. Absolute numbers move with the machine's other load;"
            + " the ratios, measured in the same run, are the figures to compare.",
        DateTimeFormatter.ISO_LOCAL_DATE.format(started.atZone(ZoneOffset.UTC)), options.commit(),
        Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), options.command(), RunOptions.HEAP,
        options.clients(), options.warmUp().toSeconds(), options.measured().toSeconds(), options.warmUpCalls(),
        options.measuredCalls())
        + " The first system measured (the bare server) gets a double warm-up, which also warms the load generator.";
  }

  private String ingestTable() {
    StringBuilder md = new StringBuilder(
        "### Ingest: " + options.clients() + " clients, 10 points per request\n\n"
            + "| system | points/s | server CPU µs/point | PostgreSQL CPU µs/point | load generator CPU µs/point"
            + " | machine CPU µs/point | requests | p50 ms | p99 ms | errors | retries (429/503) | read back |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (String name : List.of(STEPWISE_SQLITE, STEPWISE_POSTGRES, STEPWISE_POSTGRES_2, INFLUXDB, WRK_SQLITE,
        WRK_POSTGRES, WRK_INFLUXDB, BARE_SERVER, DISCARDING_SERVER, STORE_SQLITE, STORE_POSTGRES)) {
      SystemResults system = system(name);
      IngestFigure f = system == null ? null : system.ingest();
      if (f == null) {
        if (system != null || options.only().isEmpty()) {
          md.append("| ").append(label(name)).append(" | not measured: see below |  |  |  |  |  |  |  |  |  |  |\n");
        }
        continue;
      }
      md.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %s | %,d | %.2f | %.2f | %d | %d | %s |%n",
          label(name), f.pointsPerSecond(), cpu(f.serverCpuMicrosPerPoint()), cpu(f.databaseCpuMicrosPerPoint()),
          cpu(f.loadCpuMicrosPerPoint()), cpu(f.machineCpuMicrosPerPoint()), f.requests(), f.p50Ms(), f.p99Ms(),
          f.errors(), f.retries(), f.verification()));
    }
    md.append("\nCPU per point: the user + system CPU time that the measured window cost, from `/proc/<pid>/stat`,"
        + " divided by the points stored in it; server: the server's own process (both nodes' for two nodes;"
        + " `influxd` for InfluxDB); PostgreSQL: the postmaster and every process it started (backends, WAL writer,"
        + " checkpointer), read before and after the window; load generator: the Java load generator's JVM (wrk's is"
        + " not measured); machine: the busy time of both cores (`/proc/stat`), whoever used it, so that what it holds"
        + " beyond the other columns is the rest of the machine's load. Rows marked"
        + " wrk: `wrk` (one connection per thread, each writing its own trial component, 10 points per request) drives"
        + " the server in local mode, unsigned, instead of the signing Java load generator; warm-up and measured"
        + " windows as above.\n");
    return md.toString();
  }

  private static String cpu(double micros) {
    return Double.isNaN(micros) ? "" : String.format(Locale.ROOT, "%.1f", micros);
  }

  /** Issue 19's targets: PostgreSQL against SQLite and InfluxDB, two nodes against one, under both load generators. */
  private String scaleOutRatios() {
    StringBuilder md = new StringBuilder("| scale-out ratio, points/s | value | target |\n| --- | ---: | --- |\n");
    md.append(scaleOutRow("Stepwise-PostgreSQL / Stepwise-SQLite", STEPWISE_POSTGRES, STEPWISE_SQLITE, 0.8));
    md.append(scaleOutRow("Stepwise-PostgreSQL / InfluxDB", STEPWISE_POSTGRES, INFLUXDB, 1.0));
    md.append(scaleOutRow("Stepwise-PostgreSQL, 2 nodes / 1 node", STEPWISE_POSTGRES_2, STEPWISE_POSTGRES, 1.5));
    md.append(scaleOutRow("wrk: Stepwise-PostgreSQL / Stepwise-SQLite", WRK_POSTGRES, WRK_SQLITE, Double.NaN));
    md.append(scaleOutRow("wrk: Stepwise-PostgreSQL / InfluxDB", WRK_POSTGRES, WRK_INFLUXDB, Double.NaN));
    md.append(scaleOutRow("wrk: Stepwise-SQLite / InfluxDB", WRK_SQLITE, WRK_INFLUXDB, Double.NaN));
    return md.toString();
  }

  private String scaleOutRow(String what, String system, String baseline, double target) {
    double r = pointsPerSecond(system) / pointsPerSecond(baseline);
    String verdict = Double.isNaN(target) ? "" : String.format(Locale.ROOT, ">= %.1f: %s", target, met(r, r >= target));
    return String.format(Locale.ROOT, "| %s | %s | %s |%n", what, ratio(r), verdict);
  }

  private static String label(String name) {
    return switch (name) {
      case INFLUXDB -> INFLUXDB + " (line protocol, 10 points per POST, WAL fsync per write)";
      case BARE_SERVER -> BARE_SERVER + " (same Javalin/Jetty stack, canned `{}`, no signature check)";
      case DISCARDING_SERVER -> DISCARDING_SERVER
          + " (the real server, signatures verified, requests parsed and validated, points acknowledged unstored)";
      case STORE_SQLITE, STORE_POSTGRES -> name + " (`MetricStore.append`, no HTTP)";
      default -> name;
    };
  }

  private String ingestRatios() {
    double influx = pointsPerSecond(INFLUXDB);
    double bare = pointsPerSecond(BARE_SERVER);
    StringBuilder md = new StringBuilder(
        "| ingest ratio | Stepwise-SQLite | Stepwise-PostgreSQL | target |\n| --- | ---: | ---: | --- |\n");
    md.append(ratioRow("Stepwise / InfluxDB, points/s", influx, influx, 2.0, ">= 2"));
    md.append(ratioRow("Stepwise / bare server, points/s", bare, bare, 0.5, ">= 0.5"));
    md.append(ratioRow("Stepwise / server with storage discarded, points/s", pointsPerSecond(DISCARDING_SERVER),
        pointsPerSecond(DISCARDING_SERVER), Double.NaN, ""));
    md.append(ratioRow("Stepwise / its store used directly, points/s", pointsPerSecond(STORE_SQLITE),
        pointsPerSecond(STORE_POSTGRES), Double.NaN, ""));
    return md.toString();
  }

  private String ratioRow(String what, double sqliteBase, double postgresBase, double target, String targetText) {
    double sqlite = pointsPerSecond(STEPWISE_SQLITE) / sqliteBase;
    double postgres = pointsPerSecond(STEPWISE_POSTGRES) / postgresBase;
    String verdict = Double.isNaN(target) ? ""
        : targetText + ": SQLite " + met(sqlite, sqlite >= target) + ", PostgreSQL "
            + met(postgres, postgres >= target);
    return String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", what, ratio(sqlite), ratio(postgres), verdict);
  }

  private String queryTable() {
    SystemResults sqlite = system(STEPWISE_SQLITE);
    SystemResults postgres = system(STEPWISE_POSTGRES);
    SystemResults influx = system(INFLUXDB);
    List<QueryCase> cases = Stream.of(sqlite, postgres, influx)
        .filter(s -> s != null && !s.queries().isEmpty())
        .findFirst()
        .map(s -> s.queries().stream().map(QueryMeasurement::queryCase).toList())
        .orElse(List.of());
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "### Queries: p50 / p99 ms of one call, one series of %,d points over 24 h, %d series of %,d points%n%n",
        options.seriesPoints(), options.overlaySeries(), options.overlayPoints()));
    if (cases.isEmpty()) {
      return md.append("Not measured: see below.\n").toString();
    }
    md.append("| query | Stepwise-SQLite | Stepwise-PostgreSQL | InfluxDB 1.6 | buckets / rows (Stepwise; InfluxDB)"
            + " | Stepwise / InfluxDB, p50 (SQLite; PostgreSQL) | target |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (int i = 0; i < cases.size(); i++) {
      QueryCase c = cases.get(i);
      QueryMeasurement s = measurement(sqlite, i);
      QueryMeasurement p = measurement(postgres, i);
      QueryMeasurement f = measurement(influx, i);
      String label = c.label() + (c.influxNote().isEmpty() ? "" : " — InfluxDB: " + c.influxNote());
      String buckets = (s != null ? String.format(Locale.ROOT, "%,d", s.buckets()) : "?")
          + (s != null && s.requestsPerCall() > 1 ? " (" + s.requestsPerCall() + " requests, truncated and continued)" : "")
          + "; " + (f != null ? String.format(Locale.ROOT, "%,d", f.buckets()) : "?");
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s; %s | %s |%n", label, latency(s),
          latency(p), latency(f), buckets, ratio(p50(s) / p50(f)), ratio(p50(p) / p50(f)), queryTarget(c, s, p, f)));
    }
    md.append('\n');
    for (SystemResults system : Arrays.asList(sqlite, postgres, influx)) { // a run with --only may lack some
      if (system != null && system.loadFigure() != null) {
        md.append("Loading the query data into ").append(system.name()).append(": ").append(system.loadFigure())
            .append(".\n");
      }
    }
    return md.toString();
  }

  /** The targets of issue 6: a 1,440-bucket aggregate under 50 ms and at most half of InfluxDB's; 100 queries under 200 ms. */
  private static String queryTarget(QueryCase c, QueryMeasurement s, QueryMeasurement p, QueryMeasurement f) {
    if (c.trialComponents().size() > 1) {
      return "< 200 ms: SQLite " + met(p50(s), p50(s) < HUNDRED_QUERIES_TARGET_MS) + ", PostgreSQL "
          + met(p50(p), p50(p) < HUNDRED_QUERIES_TARGET_MS);
    }
    if (c.period() == Period.OneMinute) {
      Function<QueryMeasurement, String> verdict =
          m -> met(p50(m) / p50(f), p50(m) < AGGREGATE_P50_TARGET_MS && p50(m) <= p50(f) / 2);
      return "p50 < 50 ms and <= InfluxDB / 2: SQLite " + verdict.apply(s) + ", PostgreSQL " + verdict.apply(p);
    }
    return "";
  }

  private String failures() {
    StringBuilder md = new StringBuilder();
    for (SystemResults system : results) {
      for (String failure : system.failures()) {
        md.append("- **").append(system.name()).append("**: ").append(failure.replace('\n', ' ')).append('\n');
      }
    }
    return md.isEmpty() ? "" : "\n**Problems in this run:**\n\n" + md;
  }

  private SystemResults system(String name) {
    return results.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  private double pointsPerSecond(String name) {
    SystemResults system = system(name);
    return system == null || system.ingest() == null ? Double.NaN : system.ingest().pointsPerSecond();
  }

  private static QueryMeasurement measurement(SystemResults system, int index) {
    return system == null || system.queries().size() <= index ? null : system.queries().get(index);
  }

  private static double p50(QueryMeasurement m) {
    return m == null ? Double.NaN : m.latencies().percentileMs(50);
  }

  private static String latency(QueryMeasurement m) {
    return m == null ? "not measured"
        : String.format(Locale.ROOT, "%s / %s", millis(m.latencies().percentileMs(50)),
            millis(m.latencies().percentileMs(99)));
  }

  private static String millis(double ms) {
    return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%,.0f", ms);
  }

  private static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
  }

  /** "n/a" when the figure behind the verdict is missing (NaN). */
  private static String met(double figure, boolean met) {
    return Double.isNaN(figure) ? "n/a" : met ? "met" : "**not met**";
  }
}
