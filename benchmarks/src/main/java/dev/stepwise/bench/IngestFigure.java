package dev.stepwise.bench;

import dev.stepwise.bench.load.LoadResult;

/**
 * The ingest figures of one system, as the report shows them.
 *
 * @param serverCpuMicrosPerPoint the server processes' user + system CPU over the measured window, in microseconds per
 *     point stored in it (NaN when not measured)
 * @param databaseCpuMicrosPerPoint the same for the database's own processes (PostgreSQL's), NaN when there are none
 * @param loadCpuMicrosPerPoint the same for the load generator's JVM (NaN for wrk)
 * @param machineCpuMicrosPerPoint the busy time of every core of the machine, whoever used it
 * @param verification what the read-back found, or why there was none
 */
public record IngestFigure(
    double pointsPerSecond, long requests, double p50Ms, double p99Ms, long errors, long retries,
    double serverCpuMicrosPerPoint, double databaseCpuMicrosPerPoint, double loadCpuMicrosPerPoint,
    double machineCpuMicrosPerPoint, String verification) {

  public static IngestFigure of(LoadResult result, String verification) {
    return of(result, Double.NaN, Double.NaN, Double.NaN, Double.NaN, verification);
  }

  public static IngestFigure of(LoadResult result, double serverCpu, double databaseCpu, double loadCpu,
      double machineCpu, String verification) {
    return new IngestFigure(
        result.pointsPerSecond(), result.requests(), result.latencies().percentileMs(50),
        result.latencies().percentileMs(99), result.errors(), result.retries(), serverCpu, databaseCpu, loadCpu,
        machineCpu, verification);
  }

  /** One line of text a child process prints, and {@link #parse} reads back. */
  public String toLine() {
    return pointsPerSecond + " " + requests + " " + p50Ms + " " + p99Ms + " " + errors + " " + retries;
  }

  public static IngestFigure parse(String line, String verification) {
    String[] f = line.strip().split(" ");
    return new IngestFigure(
        Double.parseDouble(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
        Long.parseLong(f[4]), Long.parseLong(f[5]), Double.NaN, Double.NaN, Double.NaN, Double.NaN, verification);
  }
}
