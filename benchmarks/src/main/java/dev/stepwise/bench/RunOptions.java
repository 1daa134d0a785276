package dev.stepwise.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How {@code benchmarks/run} asked the runner to run. Quick mode is a smoke run: shorter windows, fewer calls and a
 * tenth of the query data; its figures are not for comparison with a full run.
 *
 * @param command the command line as typed, for the report
 */
public record RunOptions(
    boolean quick, int clients, int loadClients, Set<String> only, boolean ingestOnly, Duration warmUpOverride,
    Path output, Path serverJar, String commit, String command) {
  /** The parts of a run, as {@code --only} names them. */
  public static final List<String> PARTS =
      List.of("bare", "discarding", "sqlite", "postgres", "influxdb", "postgres-2nodes", "wrk-sqlite", "wrk-postgres",
          "wrk-influxdb", "store-sqlite", "store-postgres");

  public static final String HEAP = "512m";

  public RunOptions {
    if (clients < 1 || clients > 100) {
      throw new IllegalArgumentException("--clients " + clients + " is not within 1..100");
    }
    for (String part : only) {
      if (!PARTS.contains(part)) {
        throw new IllegalArgumentException("--only: no part " + part + " (parts: " + String.join(",", PARTS) + ")");
      }
    }
    only = Set.copyOf(only);
  }

  /** Whether the run includes this part (every part unless {@code --only} chose some). */
  public boolean includes(String part) {
    return only.isEmpty() || only.contains(part);
  }

  /**
   * {@code [--quick] [--clients N] [--only PART,...] [--ingest-only] [--warm-up SECONDS] --output FILE --server-jar
   * JAR --commit SHA --command TEXT}; {@code --only}, {@code --ingest-only} and {@code --warm-up} are for
   * investigating, not for the published table.
   */
  public static RunOptions parse(String[] args) {
    boolean quick = false;
    int clients = 16;
    Path output = Path.of("docs/benchmarks.md");
    Path serverJar = Path.of("server/target/stepwise.jar");
    String commit = "unknown";
    String command = "benchmarks/run";
    Set<String> only = Set.of();
    boolean ingestOnly = false;
    Duration warmUp = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        case "--ingest-only" -> ingestOnly = true;
        case "--warm-up" -> warmUp = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--output" -> output = Path.of(args[++i]);
        case "--server-jar" -> serverJar = Path.of(args[++i]);
        case "--commit" -> commit = args[++i];
        case "--command" -> command = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (usage: benchmarks/run [--quick] [--clients N] [--only PART,...] [--ingest-only] [--warm-up SECONDS])");
      }
    }
    return new RunOptions(quick, clients, 32, only, ingestOnly, warmUp, output, serverJar, commit, command);
  }

  /**
   * Long enough for the JIT to settle. With 5 s, C2 was still compiling through the measured 20 s (a quarter of the
   * server's CPU in a profile), and the same build measured 10-19% lower than after 40 s; a server under constant
   * load (-XX:+PrintCompilation) still compiled ~270 methods in its fourth 10 s and ~50 in its sixth.
   */
  public Duration warmUp() {
    if (warmUpOverride != null) {
      return warmUpOverride;
    }
    return Duration.ofSeconds(quick ? 3 : 60);
  }

  public Duration measured() {
    return Duration.ofSeconds(quick ? 5 : 20);
  }

  public int warmUpCalls() {
    return quick ? 2 : 3;
  }

  public int measuredCalls() {
    return quick ? 5 : 20;
  }

  public int seriesPoints() {
    return quick ? 100_000 : 1_000_000;
  }

  public int overlayPoints() {
    return quick ? 1_000 : 10_000;
  }

  public int overlaySeries() {
    return 100;
  }
}
